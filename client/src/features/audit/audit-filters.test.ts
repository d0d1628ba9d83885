import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, formatAuditTime, toQueryFilters } from './audit-filters.js';

const ZONE = 'America/New_York';

describe('toQueryFilters', () => {
  it('leaves out every empty field', () => {
    expect(toQueryFilters(EMPTY_FILTERS, ZONE)).toEqual({ filters: {} });
  });

  it('takes whole ids above 0 and refuses anything else in words', () => {
    expect(toQueryFilters({ ...EMPTY_FILTERS, entityId: ' 12 ', userId: '1' }, ZONE)).toEqual({ filters: { entityId: 12, userId: 1 } });
    expect(toQueryFilters({ ...EMPTY_FILTERS, entityId: '0' }, ZONE)).toEqual({ error: 'Entity id must be a whole number above 0, such as 12' });
    expect(toQueryFilters({ ...EMPTY_FILTERS, userId: '1.5' }, ZONE)).toEqual({ error: 'User id must be a whole number above 0, such as 12' });
  });

  it('searches by patient and user name from 2 letters', () => {
    expect(toQueryFilters({ ...EMPTY_FILTERS, patient: ' Alvarez ', userName: 'Re' }, ZONE)).toEqual({ filters: { patient: 'Alvarez', userName: 'Re' } });
    expect(toQueryFilters({ ...EMPTY_FILTERS, patient: 'A' }, ZONE)).toEqual({ error: 'Patient: type at least 2 letters' });
    expect(toQueryFilters({ ...EMPTY_FILTERS, userName: 'r' }, ZONE)).toEqual({ error: 'User name: type at least 2 letters' });
  });

  it('turns days into the unit’s midnights, "to" exclusive on the next day', () => {
    const result = toQueryFilters({ ...EMPTY_FILTERS, fromDate: '2026-12-01', toDate: '2026-12-01' }, ZONE);
    expect(result).toEqual({ filters: { from: '2026-12-01T00:00:00-05:00', to: '2026-12-02T00:00:00-05:00' } });
  });

  it('refuses a from after the to', () => {
    expect(toQueryFilters({ ...EMPTY_FILTERS, fromDate: '2026-12-03', toDate: '2026-12-01' }, ZONE)).toEqual({ error: 'From is after To: swap the two dates' });
  });
});

it('formats an audit time to the second in the zone shown', () => {
  expect(formatAuditTime('2026-12-02T15:04:05Z', ZONE)).toBe('02 Dec 2026 10:04:05');
});
