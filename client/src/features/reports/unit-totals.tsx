import type { ShiftReportData } from './report-types.js';

const BANDS = [
  ['severe', 'Severe'],
  ['moderately-severe', 'Mod. severe'],
  ['moderate', 'Moderate'],
  ['mild', 'Mild'],
  ['none', 'Below mild'],
  ['no-score', 'No score'],
] as const;

/** The unit's figures for the shift, above the beds. */
export function UnitTotals({ report }: { report: ShiftReportData }) {
  const t = report.totals;
  return (
    <section className="card report-totals" aria-labelledby="totals-title">
      <h2 id="totals-title">Unit totals</h2>
      <dl className="facts">
        <div>
          <dt>Census</dt>
          <dd>
            <strong>{t.census}</strong>{' '}
            <span className="muted">
              ({t.censusAtStart} at start, {t.censusAtEnd} {report.window.inProgress ? 'now' : 'at end'})
            </span>
          </dd>
        </div>
        <div>
          <dt>Admissions</dt>
          <dd>{t.admissions}</dd>
        </div>
        <div>
          <dt>Discharges</dt>
          <dd>{t.discharges}</dd>
        </div>
        <div>
          <dt>Illness severity</dt>
          <dd>
            {t.byIllnessSeverity.unstable} unstable · {t.byIllnessSeverity.watcher} watcher ·{' '}
            {t.byIllnessSeverity.stable} stable
          </dd>
        </div>
        <div>
          <dt>Doses</dt>
          <dd>
            {t.dosesGiven} given ({t.prnDosesGiven} PRN) · {t.heldOrRefused} held or refused
          </dd>
        </div>
        <div>
          {/* Not the board's "overdue now": every assessment due in this shift that was taken late or is still not taken. */}
          <dt>Assessments late this shift</dt>
          <dd>
            {t.overdueAssessments}{' '}
            <span className="muted small">taken late or still overdue; a patient can count more than once</span>
          </dd>
        </div>
        <div>
          <dt>Open alerts</dt>
          <dd>
            {t.openAlerts} <span className="muted small">· {t.acknowledgedAlerts} acknowledged this shift</span>
          </dd>
        </div>
      </dl>
      <p className="band-counts">
        <span className="muted small">By latest score: </span>
        {BANDS.map(([key, label]) => (
          <span key={key} className={`severity severity-${key === 'no-score' ? 'none' : key}`}>
            <strong>{t.byBand[key]}</strong> {label}
          </span>
        ))}
      </p>
    </section>
  );
}
