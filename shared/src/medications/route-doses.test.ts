import { describe, expect, it } from 'vitest';
import { type DrugId, getDrug, type Route } from './catalogue.js';
import { checkAdministration } from './rules.js';
import { codes, contextFor, hoursBefore, NOON, protocolWith } from '../../test-support/medication-context.js';
import type { UnitProtocol } from './protocol.js';

/** Opioid-free for 30 days, so only the route rule speaks. */
const check = (drug: DrugId, doseMg: number, route: Route, protocol?: UnitProtocol) =>
  checkAdministration(
    contextFor({
      proposed: { drug, doseMg, route },
      admission: { substances: [{ code: 'heroin' }], lastUseAt: hoursBefore(NOON, 30 * 24) },
      ...(protocol ? { protocol } : {}),
    }),
  );

describe('naltrexone doses by route (docs/clinical.md §6.6)', () => {
  it('oral 25 and 50 mg pass; 24.9 and 50.1 mg are refused', () => {
    expect(check('naltrexone', 25, 'PO')).toEqual([]);
    expect(check('naltrexone', 50, 'PO')).toEqual([]);
    for (const dose of [24.9, 50.1]) {
      const warnings = check('naltrexone', dose, 'PO');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ code: 'dose-not-allowed-by-route', hardStop: true, requiresOverride: false });
    }
  });

  it('the issue probe: 380 mg by mouth is refused and says what is allowed', () => {
    const [warning] = check('naltrexone', 380, 'PO');
    expect(warning?.message).toBe(
      "Naltrexone 380 mg PO is outside the unit's range for that route (allowed: PO 25 mg to 50 mg; IM 380 mg only); check the dose and route against the order",
    );
  });

  it('380 mg IM (extended-release injection) passes; 379 and 381 mg IM are refused', () => {
    expect(check('naltrexone', 380, 'IM')).toEqual([]);
    expect(codes(check('naltrexone', 379, 'IM'))).toEqual(['dose-not-allowed-by-route']);
    expect(codes(check('naltrexone', 381, 'IM'))).toEqual(['implausible-dose']);
  });
});

describe('intramuscular methadone (docs/clinical.md §6.1)', () => {
  it('is refused by default, though the catalogue lists IM: the protocol lists only PO', () => {
    expect(getDrug('methadone').routes).toContain('IM');
    const [warning] = check('methadone', 10, 'IM');
    expect(warning).toMatchObject({ code: 'dose-not-allowed-by-route', hardStop: true });
    expect(warning?.message).toBe(
      "Methadone IM is not allowed by the unit's protocol (allowed: PO up to 150 mg); check the route against the order",
    );
  });

  it('is allowed where the unit enables it with its own range: 10 mg passes, 10.5 mg is refused', () => {
    const protocol = protocolWith((p) => {
      p.drugs.methadone.dosesByRoute = { PO: { maxMg: 150 }, IM: { minMg: 2.5, maxMg: 10 } };
    });
    expect(codes(check('methadone', 10, 'IM', protocol))).not.toContain('dose-not-allowed-by-route');
    expect(codes(check('methadone', 10.5, 'IM', protocol))).toEqual(['dose-not-allowed-by-route']);
    expect(codes(check('methadone', 2.4, 'IM', protocol))).toEqual(['dose-not-allowed-by-route']);
  });

  it('oral methadone is unaffected', () => {
    expect(codes(check('methadone', 20, 'PO'))).not.toContain('dose-not-allowed-by-route');
  });
});
