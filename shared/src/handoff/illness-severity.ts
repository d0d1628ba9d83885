import type { Severity } from '../instruments/index.js';
import type { VitalFinding } from '../vitals/index.js';

/** I-PASS illness severity (docs/clinical.md §9.2). */
export type IllnessSeverity = 'stable' | 'watcher' | 'unstable';

/**
 * I-PASS illness severity (docs/clinical.md §9.2: stable / watcher / unstable), derived from the
 * withdrawal score, its climb over the shift, vital signs, alerts and missed assessments. The
 * thresholds are a proposal for the unit's sign-off, not a published rule:
 *
 * - COWS 25 and above is "moderately severe" (Wesson & Ling, docs/clinical.md §1.3); SOWS >= 21 and
 *   CIWA-Ar >= 19 are those scales' top bands (§2, §3.2). A patient there is unstable.
 * - A climb of 6 points is two bands' worth of the 3-point change the board already treats as more
 *   than scoring noise (the census trend); 3 points makes a watcher.
 * - A critical vital sign (docs/clinical.md §7 suggested defaults) in the latest reading is unstable; any
 *   other out of range there, or a critical reading earlier in the shift, a watcher.
 */
export const UNSTABLE_RISE = 6;
export const WATCHER_RISE = 3;

const UNSTABLE_BANDS: readonly Severity[] = ['moderately-severe', 'severe'];

export const ILLNESS_SEVERITY_RULE =
  `Unstable: latest score moderately severe or worse (COWS >= 25, SOWS >= 21, CIWA-Ar >= 19), a rise of ${UNSTABLE_RISE} or more points ` +
  'since the last score before the shift (latest minus lowest), a critical latest vital sign, or an open danger alert. ' +
  `Watcher: latest score moderate, a rise of ${WATCHER_RISE} to ${UNSTABLE_RISE - 1} points, a latest vital sign out of range or a critical one earlier in the shift, an open alert, ` +
  'an assessment still overdue, or no score yet. Stable: none of these.';

export interface SeverityInput {
  latest: { total: number; severity: Severity; severityLabel: string; instrument: string } | null;
  rise: number | null;
  /** Findings of the latest reading in the shift. */
  vitals: readonly Pick<VitalFinding, 'level' | 'message'>[];
  /** Findings of earlier readings in the shift. */
  earlierVitals: readonly Pick<VitalFinding, 'level' | 'message'>[];
  alerts: readonly { severity: 'warning' | 'danger'; message: string }[];
  stillOverdue: boolean;
}

export function illnessSeverity(input: SeverityInput): { severity: IllnessSeverity; reasons: string[] } {
  const unstable: string[] = [];
  const watcher: string[] = [];
  const { latest, rise } = input;
  if (!latest) watcher.push('no withdrawal score charted yet');
  else if (UNSTABLE_BANDS.includes(latest.severity))
    unstable.push(`latest ${latest.instrument} ${latest.total} (${latest.severityLabel.toLowerCase()})`);
  else if (latest.severity === 'moderate') watcher.push(`latest ${latest.instrument} ${latest.total} (moderate)`);
  if (rise !== null && rise >= UNSTABLE_RISE) unstable.push(`score rose ${rise} points`);
  else if (rise !== null && rise >= WATCHER_RISE) watcher.push(`score rose ${rise} points`);
  for (const v of input.vitals) (v.level === 'critical' ? unstable : watcher).push(v.message);
  for (const v of input.earlierVitals) if (v.level === 'critical') watcher.push(`earlier in the shift: ${v.message}`);
  for (const a of input.alerts) (a.severity === 'danger' ? unstable : watcher).push(`open alert: ${a.message}`);
  if (input.stillOverdue) watcher.push('assessment overdue');
  if (unstable.length > 0) return { severity: 'unstable', reasons: [...new Set([...unstable, ...watcher])] };
  if (watcher.length > 0) return { severity: 'watcher', reasons: [...new Set(watcher)] };
  return { severity: 'stable', reasons: [] };
}
