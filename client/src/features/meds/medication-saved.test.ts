import { describe, expect, it } from 'vitest';
import { type SavedAdministration, medicationSaved } from './medication-saved.js';

const ZONE = 'America/New_York';
const NOW = Date.parse('2026-12-02T14:00:00Z'); // 09:00 in New York
const dose = (overrides: Partial<SavedAdministration> = {}): SavedAdministration => ({
  id: 1,
  drug: 'clonidine',
  doseMg: 0.1,
  route: 'PO',
  status: 'given',
  holdReason: undefined,
  givenAt: '2026-12-02T13:48:00Z',
  corrected: false,
  ...overrides,
});

describe('medicationSaved', () => {
  it('says drug, dose, route in words, outcome and the unit clock', () => {
    expect(medicationSaved(dose(), ZONE, NOW)).toBe('Clonidine 0.1 mg oral given 08:48 saved');
  });

  it('says why a dose was held or refused', () => {
    expect(medicationSaved(dose({ status: 'held', holdReason: 'BP 82/50' }), ZONE, NOW)).toBe(
      'Clonidine 0.1 mg oral held (BP 82/50) 08:48 saved',
    );
    expect(
      medicationSaved(
        dose({ status: 'refused', holdReason: 'patient declined', drug: 'buprenorphine', doseMg: 4, route: 'SL' }),
        ZONE,
        NOW,
      ),
    ).toBe('Buprenorphine 4 mg sublingual refused (patient declined) 08:48 saved');
  });

  it('a reason left on a given dose is not read out; a correction says so; another day gets its date', () => {
    expect(medicationSaved(dose({ holdReason: 'stale' }), ZONE, NOW)).toBe('Clonidine 0.1 mg oral given 08:48 saved');
    expect(medicationSaved(dose({ corrected: true }), ZONE, NOW)).toBe(
      'Clonidine 0.1 mg oral given 08:48 correction saved',
    );
    expect(
      medicationSaved(
        dose({ givenAt: '2026-12-01T13:48:00Z', drug: 'naltrexone', doseMg: 380, route: 'IM' }),
        ZONE,
        NOW,
      ),
    ).toBe('Naltrexone 380 mg intramuscular given 01 Dec 08:48 saved');
  });
});
