import {
  FREQUENT_FROM_BANDS,
  type FrequentFromBand,
  type ReassessmentSchedule,
  reassessmentScheduleOf,
} from '@detox/shared';
import { NumberCell } from './number-cell.js';
import type { ProtocolSectionProps } from './protocol-section.js';

const BAND_LABELS: Record<FrequentFromBand, string> = {
  mild: 'Mild and worse',
  moderate: 'Moderate and worse',
  'moderately-severe': 'Moderately severe and worse (COWS)',
  severe: 'Severe only',
};

type MinutesField = Exclude<keyof ReassessmentSchedule, 'frequentFromBand'>;
const FIELDS: [MinutesField, string][] = [
  ['routineMinutes', 'Routine: every (min), below that band'],
  ['frequentMinutes', 'From that band up: every (min)'],
  ['afterFirstBuprenorphineMinutes', 'After the first buprenorphine dose (min)'],
  ['dangerAlertMinutes', 'While a danger alert is open: every (min)'],
];

/**
 * How often withdrawal is scored (issue 15, item 2; docs/clinical.md §1.5). A version stored before
 * the schedule existed shows, and saves, the defaults. A longer interval waits for a second physician.
 */
export function ReassessmentScheduleSection({ draft, editable, err, onChange }: ProtocolSectionProps) {
  const schedule = reassessmentScheduleOf(draft);
  const set = (change: Partial<ReassessmentSchedule>) =>
    onChange({ ...draft, reassessment: { ...schedule, ...change } });
  return (
    <section className="card" aria-labelledby="reassessment-schedule-title">
      <h2 id="reassessment-schedule-title">Reassessment schedule</h2>
      <p className="small muted">
        When the next score is due: the earliest of these, and after each PRN dose its drug's "Reassess after" time. The
        board, the patient page and the handoff say which one applies.
      </p>
      {/* Stacked, not in a row: the band names are long and a row would push the list out of the card. */}
      <label className="field compact">
        <span>Score more often from the band</span>
        <select
          value={schedule.frequentFromBand}
          disabled={!editable}
          onChange={(e) => set({ frequentFromBand: e.target.value as FrequentFromBand })}
        >
          {FREQUENT_FROM_BANDS.map((band) => (
            <option key={band} value={band}>
              {BAND_LABELS[band]}
            </option>
          ))}
        </select>
      </label>
      {err('reassessment.frequentFromBand') && <p className="field-error">{err('reassessment.frequentFromBand')}</p>}
      {FIELDS.map(([key, label]) => (
        <div key={key} className="protocol-row">
          <span>{label}</span>
          <NumberCell
            label={`Reassessment: ${label}`}
            value={schedule[key]}
            disabled={!editable}
            error={err(`reassessment.${key}`)}
            onChange={(v) => set({ [key]: v ?? 0 })}
          />
        </div>
      ))}
      <p className="small">
        Shipped: every 4 h below moderate, every hour from moderate, 1 h after the first buprenorphine dose, every hour
        while a danger alert is open. A longer interval, or a higher band, is a loosening and waits for a second
        physician.
      </p>
    </section>
  );
}
