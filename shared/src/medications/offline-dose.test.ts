import { describe, expect, it } from 'vitest';
import { offlineDoseAlertMessage } from './offline-dose.js';
import { caution, hardStop, needsReason } from './warning.js';

describe('offlineDoseAlertMessage', () => {
  const dose = { drug: 'loperamide' as const, doseMg: 4, route: 'PO', givenAtClock: '03:10' };

  it('names the dose, its time and every warning that would have stopped it or needed a reason', () => {
    const text = offlineDoseAlertMessage(dose, [
      hardStop('above-24h-max', 'Loperamide 4 mg would bring the 24 h total to 20 mg, above the 16 mg maximum'),
      needsReason('below-min-interval', 'warning', 'Given 1 h after the last dose; the order asks for 2 h.'),
      caution('approaching-24h-max', 'Near the daily maximum'),
    ]);
    expect(text).toBe(
      'Loperamide 4 mg PO given at 03:10 was charted offline and failed its safety check on arrival: ' +
        'Loperamide 4 mg would bring the 24 h total to 20 mg, above the 16 mg maximum. ' +
        'Given 1 h after the last dose; the order asks for 2 h. Review the patient and the dose.',
    );
  });

  it('leaves out warnings that only inform', () => {
    const text = offlineDoseAlertMessage(dose, [
      caution('approaching-24h-max', 'Near the daily maximum'),
      hardStop('order-not-in-force', 'Order 7 was discontinued'),
    ]);
    expect(text).not.toContain('Near the daily maximum');
    expect(text).toContain('Order 7 was discontinued.');
  });
});
