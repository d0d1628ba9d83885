import type { InstrumentId } from './instrument.js';
import { getInstrument } from './scoring.js';

/**
 * One line for the reasons an item was scored below its measurement, for every place a score is
 * shown (assessment list, chart tooltip, shift report): "resting pulse rate scored below the heart
 * rate: walked back from the bathroom". Empty when there are none.
 */
export function itemReasonsText(
  instrument: InstrumentId,
  itemReasons: Readonly<Record<string, string>> | null | undefined,
): string {
  const items = getInstrument(instrument).items;
  return Object.entries(itemReasons ?? {})
    .map(([key, reason]) => {
      const label = items.find((i) => i.key === key)?.label ?? key;
      return key === 'pulse'
        ? `${label.toLowerCase()} scored below the heart rate: ${reason}`
        : `${label.toLowerCase()}: ${reason}`;
    })
    .join('; ');
}
