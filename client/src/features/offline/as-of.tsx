import './offline.css';
import { formatUnitTime } from '../../lib/unit-clock.js';
import { useOnline } from './use-online.js';

interface Props {
  /** When the data on screen was last read from the server (react-query's dataUpdatedAt). */
  updatedAt: number;
  zone: string;
}

/** Offline, what is on screen is the last data read: said with its time, "as of 14:05". */
export function AsOf({ updatedAt, zone }: Props) {
  const online = useOnline();
  if (online || !updatedAt) return null;
  // "02 Dec 14:05" on the unit's clock (no luxon on the board's first load); the day only when not today.
  const at = formatUnitTime(new Date(updatedAt).toISOString(), zone);
  const today = formatUnitTime(new Date().toISOString(), zone);
  const sameDay = at.slice(0, 6) === today.slice(0, 6);
  return (
    <span className="as-of" data-testid="as-of">
      Offline: as of {sameDay ? at.slice(7) : at}
    </span>
  );
}
