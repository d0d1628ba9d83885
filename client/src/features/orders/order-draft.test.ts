import { describe, expect, it } from 'vitest';
import { EMPTY_ORDER, checkVerbalOrder, checkWrittenOrder, orderContentOf } from './order-draft.js';

const clonidine = {
  ...EMPTY_ORDER,
  drug: 'clonidine' as const,
  route: 'PO' as const,
  dose: '0.1',
  triggerInstrument: 'COWS' as const,
  triggerMin: '8',
  minIntervalHours: '4',
  maxPer24h: '0.8',
  holdSbp: '90',
};

describe('an order as typed', () => {
  it('becomes the procedure input: hours to minutes, blanks left out, the hold only with a value', () => {
    expect(orderContentOf(clonidine)).toEqual({
      drug: 'clonidine',
      doseMg: 0.1,
      doseMaxMg: undefined,
      route: 'PO',
      kind: 'prn',
      everyHours: undefined,
      timesOfDay: undefined,
      indication: undefined,
      trigger: { instrument: 'COWS', minTotal: 8 },
      minIntervalMinutes: 240,
      maxPer24hMg: 0.8,
      hold: { systolicBelowMmHg: 90, diastolicBelowMmHg: undefined, heartRateBelowBpm: undefined },
      note: undefined,
    });
  });

  it('splits times of day for a scheduled order and drops a PRN trigger from it', () => {
    const content = orderContentOf({
      ...clonidine,
      kind: 'scheduled',
      timesOfDay: '08:00, 20:00',
      triggerInstrument: 'COWS',
    });
    expect(content.timesOfDay).toEqual(['08:00', '20:00']);
    expect(content.trigger).toBeUndefined();
  });

  it('is judged by the shared schema, with its messages by field', () => {
    expect(checkWrittenOrder(3, clonidine).input).not.toBeNull();
    const noDose = checkWrittenOrder(3, { ...clonidine, dose: '' });
    expect(noDose.input).toBeNull();
    expect(noDose.errors.doseMg).toBe('the dose must be a number of milligrams');
    const noReason = checkWrittenOrder(3, { ...clonidine, triggerInstrument: '', indication: '' });
    expect(noReason.errors.indication).toMatch(/needs what it is for/);
  });

  it('needs the physician and the read-back for a verbal order', () => {
    const missing = checkVerbalOrder(3, clonidine, { orderedBy: null, channel: 'telephone', readBack: false });
    expect(Object.keys(missing.errors).sort()).toEqual(['orderedBy', 'readBack']);
    const complete = checkVerbalOrder(3, clonidine, { orderedBy: 2, channel: 'telephone', readBack: true });
    expect(complete.input).toMatchObject({ orderedBy: 2, channel: 'telephone', readBack: true });
  });
});
