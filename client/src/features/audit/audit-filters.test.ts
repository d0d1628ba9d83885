import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, formatAuditTime, toQueryFilters } from './audit-filters.js';

const ZONE = 'America/New_York';

describe('toQueryFilters', () => {
  it('leaves out every empty field', () => {
    expect(toQueryFilters(EMPTY_FILTERS, ZONE)).toEqual({ filters: {} });
  });

  it('takes whole ids above 0 and refuses anything else in words', () => {
    expect(toQueryFilters({ ...EMPTY_FILTERS, entityId: ' 12 ', userId: '1' }, ZONE)).toEqual({
      filters: { entityId: 12, userId: 1 },
    });
    expect(toQueryFilters({ ...EMPTY_FILTERS, entityId: '0' }, ZONE)).toEqual({
      error: 'Entity id must be a whole number above 0, such as 12',
    });
    expect(toQueryFilters({ ...EMPTY_FILTERS, userId: '1.5' }, ZONE)).toEqual({
      error: 'User id must be a whole number above 0, such as 12',
    });
  });

  it('searches by patient and user name from 2 letters', () => {
    expect(toQueryFilters({ ...EMPTY_FILTERS, patient: ' Alvarez ', userName: 'Re' }, ZONE)).toEqual({
      filters: { patient: 'Alvarez', userName: 'Re' },
    });
    expect(toQueryFilters({ ...EMPTY_FILTERS, patient: 'A' }, ZONE)).toEqual({
      error: 'Patient: type at least 2 letters',
    });
    expect(toQueryFilters({ ...EMPTY_FILTERS, userName: 'r' }, ZONE)).toEqual({
      error: 'User name: type at least 2 letters',
    });
  });

  it('turns days into the unit’s midnights, "to" exclusive on the next day', () => {
    const result = toQueryFilters({ ...EMPTY_FILTERS, fromDate: '2026-12-01', toDate: '2026-12-01' }, ZONE);
    expect(result).toEqual({ filters: { from: '2026-12-01T00:00:00-05:00', to: '2026-12-02T00:00:00-05:00' } });
  });

  it('takes a day and a 24 h time, "to" including its minute; refuses the device formats and impossible clocks in words', () => {
    expect(
      toQueryFilters({ ...EMPTY_FILTERS, fromDate: '2026-12-01 08:30', toDate: '2026-12-01 23:59' }, ZONE),
    ).toEqual({
      filters: { from: '2026-12-01T08:30:00-05:00', to: '2026-12-02T00:00:00-05:00' },
    });
    expect(toQueryFilters({ ...EMPTY_FILTERS, fromDate: '2026-12-01 8:05' }, ZONE)).toEqual({
      filters: { from: '2026-12-01T08:05:00-05:00' },
    });
    expect(toQueryFilters({ ...EMPTY_FILTERS, fromDate: '2026-12-01 00:00' }, ZONE)).toEqual({
      filters: { from: '2026-12-01T00:00:00-05:00' },
    });
    const wrong =
      'a day (YYYY-MM-DD) or a day and a 24 h time (YYYY-MM-DD HH:MM), such as 2026-11-22 or 2026-11-22 08:30';
    for (const typed of [
      '12/01/2026',
      '2026-12-01 8:30 AM',
      '2026-12-01 24:00',
      '2026-12-01 23:60',
      '2026-13-01',
      '2026-12',
    ]) {
      expect(toQueryFilters({ ...EMPTY_FILTERS, fromDate: typed }, ZONE), typed).toEqual({
        error: `From must be ${wrong}`,
      });
    }
    expect(toQueryFilters({ ...EMPTY_FILTERS, toDate: '01.12.2026' }, ZONE)).toEqual({ error: `To must be ${wrong}` });
  });

  it('refuses a from after the to', () => {
    expect(toQueryFilters({ ...EMPTY_FILTERS, fromDate: '2026-12-03', toDate: '2026-12-01' }, ZONE)).toEqual({
      error: 'From is after To: swap the two dates',
    });
  });
});

it('formats an audit time to the second in the zone shown', () => {
  expect(formatAuditTime('2026-12-02T15:04:05Z', ZONE)).toBe('02 Dec 2026 10:04:05');
});
