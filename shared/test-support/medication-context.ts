import { DateTime } from 'luxon';
import type {
  AdministrationContext,
  PriorAdministration,
  ProposedAdministration,
} from '../src/medications/administration-context.js';
import type { AdministrationStatus, DrugId } from '../src/medications/catalogue.js';
import { DEFAULT_UNIT_PROTOCOL, type UnitProtocol } from '../src/medications/protocol.js';
import type { AdministrationWarning, WarningCode } from '../src/medications/warning.js';

/** Builders for the medication rule tests: instants are built in the unit's zone with luxon. */

export const UNIT_ZONE = 'America/New_York';

/** "2026-11-01T13:04" on the unit's wall clock → ISO with the offset in force then. */
export function local(wallClock: string): string {
  const dt = DateTime.fromISO(wallClock, { zone: UNIT_ZONE });
  if (!dt.isValid) throw new RangeError(`bad wall-clock time ${wallClock}`);
  return iso(dt);
}

function iso(dt: DateTime): string {
  const text = dt.toISO();
  if (text === null) throw new RangeError('invalid DateTime');
  return text;
}

/** An instant `minutes` before another (exact elapsed time, whatever the wall clock does). */
export function minutesBefore(instant: string, minutes: number): string {
  return iso(DateTime.fromISO(instant, { setZone: true }).minus({ minutes }));
}

export function hoursBefore(instant: string, hours: number): string {
  return minutesBefore(instant, hours * 60);
}

export function given(
  drug: DrugId,
  doseMg: number,
  givenAt: string,
  status: AdministrationStatus = 'given',
): PriorAdministration {
  return { drug, doseMg, givenAt, status };
}

export const NOON = local('2026-06-10T12:00');

export interface ContextOverrides extends Partial<Omit<AdministrationContext, 'proposed'>> {
  proposed?: Partial<ProposedAdministration>;
}

/** A first-day admission: heroin (short-acting) last used two days before noon, no doses yet. */
export function contextFor(overrides: ContextOverrides = {}): AdministrationContext {
  const { proposed, ...rest } = overrides;
  return {
    proposed: { drug: 'ondansetron', doseMg: 4, route: 'PO', givenAt: NOON, status: 'given', ...proposed },
    admission: { substances: [{ code: 'heroin' }], lastUseAt: hoursBefore(NOON, 48) },
    recentAdministrations: [],
    protocol: DEFAULT_UNIT_PROTOCOL,
    timeZone: UNIT_ZONE,
    ...rest,
  };
}

/** A copy of the default protocol with changes, leaving the shared default untouched. */
export function protocolWith(change: (p: UnitProtocol) => void): UnitProtocol {
  // The protocol is plain JSON data (shared/ has no DOM or Node types, so no structuredClone).
  const copy = JSON.parse(JSON.stringify(DEFAULT_UNIT_PROTOCOL)) as UnitProtocol;
  change(copy);
  return copy;
}

export function codes(warnings: readonly AdministrationWarning[]): WarningCode[] {
  return warnings.map((w) => w.code);
}

export function only(warnings: readonly AdministrationWarning[], code: WarningCode): AdministrationWarning {
  const found = warnings.filter((w) => w.code === code);
  const [first] = found;
  if (found.length !== 1 || first === undefined) {
    throw new Error(`expected one ${code}, got ${JSON.stringify(codes(warnings))}`);
  }
  return first;
}
