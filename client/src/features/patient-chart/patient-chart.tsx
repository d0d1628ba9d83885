import { DRUG_IDS } from '@detox/shared';
import { useQuery } from '@tanstack/react-query';
import type { TemperatureScale } from '@detox/shared';
import { useId, useMemo, useState } from 'react';
import { useElementWidth } from './use-element-width.js';
import type { TimelineData } from '../../lib/api-types.js';
import { useNow } from '../../lib/use-now.js';
import { useTRPC } from '../../trpc.js';
import { type ChartEnd, type DomainMode, axisTicks, hourDomain, hoursOf, windowsAhead } from './chart-axis.js';
import { chartLayout, plotWidthOf } from './chart-layout.js';
import { courseWindows, riskWindows } from './course-windows.js';
import { EMPTY_SCORES_MESSAGE, courseFacts, medicationSummary, scoreSummary, vitalsSummary } from './course-summary.js';
import { MedicationStrip, medicationLanes } from './medication-strip.js';
import { ScoreChart } from './score-chart.js';
import { scoreData } from './score-series.js';
import { orderEvents } from './order-markers.js';
import { StayDayContext } from './stay-day-context.js';
import { TaperCourse, taperSeries } from './taper-course.js';
import { VitalsChart } from './vitals-chart.js';

const HOUR_MS = 3_600_000;

/**
 * The withdrawal chart of one admission: scores against the expected course, medications, vital
 * signs and any taper plan, all on hours since last use. The default export, so the patient page can
 * load it with React.lazy and keep the charting library out of the first download.
 */
export default function PatientChart({
  admissionId,
  temperatureScale = 'C',
}: {
  admissionId: number;
  temperatureScale?: TemperatureScale;
}) {
  const trpc = useTRPC();
  const timeline = useQuery(trpc.timeline.get.queryOptions({ admissionId }));
  if (timeline.error) {
    return (
      <section className="card patient-chart" aria-labelledby="patient-chart-title">
        <h2 id="patient-chart-title">Withdrawal course</h2>
        <p className="error">The chart could not be loaded: {timeline.error.message}</p>
      </section>
    );
  }
  if (!timeline.data) {
    return (
      <section className="card patient-chart" aria-busy="true" aria-labelledby="patient-chart-title">
        <h2 id="patient-chart-title">Withdrawal course</h2>
        <p className="page-status">Loading the chart…</p>
      </section>
    );
  }
  return <ChartBody timeline={timeline.data} fetchedAt={timeline.dataUpdatedAt} temperatureScale={temperatureScale} />;
}

function ChartBody({
  timeline,
  fetchedAt,
  temperatureScale,
}: {
  timeline: TimelineData;
  fetchedAt: number;
  temperatureScale: TemperatureScale;
}) {
  const now = useNow(60_000);
  const ids = useId();
  const zone = timeline.timeZone;
  // The server's "hours now" moved on by the time since the fetch, on this device's clock: a drifting
  // tablet clock then shifts the line by its drift over minutes, not by its whole error.
  const endHours = timeline.dischargedAt
    ? hoursOf(timeline.lastUseAt, timeline.dischargedAt)
    : timeline.hoursNow + Math.max(0, now - fetchedAt) / HOUR_MS;
  const endLabel = timeline.dischargedAt ? 'Discharged' : 'Now';
  const roundedEnd = Math.round(endHours * 100) / 100;
  const end = useMemo((): ChartEnd => ({ hours: roundedEnd, label: endLabel }), [roundedEnd, endLabel]);

  const scores = useMemo(() => scoreData(timeline.assessments, timeline.bands), [timeline.assessments, timeline.bands]);
  // Fitted to the records by default, so a patient 6 h in fills the width; the whole expected course on request.
  const [mode, setMode] = useState<DomainMode>('fit');
  const domain = useMemo(() => hourDomain(timeline, end, mode), [timeline, end, mode]);
  const lanes = useMemo(
    () => medicationLanes(timeline.medications, DRUG_IDS, domain, timeline.orders),
    [timeline.medications, domain, timeline.orders],
  );
  // The ticks are spaced for the plot's own width (the figure less the y axis and the band labels),
  // so neither the clock times nor the dates under them ever run into each other (chart-axis.ts).
  // On a phone the labels move inside the plot (chart-layout.ts), so it keeps nearly the whole width.
  const [figureRef, figureWidth] = useElementWidth<HTMLElement>();
  const layout = useMemo(
    () =>
      chartLayout(
        figureWidth,
        lanes.map((l) => l.drug),
      ),
    [figureWidth, lanes],
  );
  const plotWidth = plotWidthOf(layout, figureWidth);
  const ticks = useMemo(
    () => axisTicks(domain, timeline.lastUseAt, zone, plotWidth),
    [domain, timeline.lastUseAt, zone, plotWidth],
  );
  const ahead = windowsAhead(timeline.expected, domain, end);
  const windows = useMemo(() => courseWindows(timeline.expected, domain), [timeline.expected, domain]);
  const risks = useMemo(() => riskWindows(timeline.expected, domain), [timeline.expected, domain]);
  const orders = useMemo(() => orderEvents(timeline.orders, domain, end.hours), [timeline.orders, domain, end.hours]);
  const vitals = useMemo(() => timeline.vitals.map((v) => ({ ...v, h: v.hoursSinceLastUse })), [timeline.vitals]);
  const plans = useMemo(() => taperSeries(timeline.taper, zone, now), [timeline.taper, zone, now]);
  const stay = useMemo(() => ({ admittedAt: timeline.admittedAt }), [timeline.admittedAt]);

  const summary = scoreSummary(timeline, end);
  const facts = courseFacts(timeline, end);
  const instruments = scores.series.map((s) => s.instrument).join(' and ') || 'COWS';
  const admittedHours = hoursOf(timeline.lastUseAt, timeline.admittedAt);
  const common = { domain, ticks, end, admittedHours, lastUseAt: timeline.lastUseAt, zone, layout };
  const pointCount = timeline.assessments.length;

  return (
    <StayDayContext.Provider value={stay}>
      <figure
        ref={figureRef}
        className={`card patient-chart${layout.narrow ? ' chart-narrow' : ''}`}
        data-layout={layout.narrow ? 'narrow' : 'wide'}
        data-point-count={pointCount}
        aria-labelledby={`${ids}-title`}
        aria-describedby={`${ids}-summary`}
      >
        <figcaption>
          <h2 id={`${ids}-title`}>Withdrawal course</h2>
          <dl className="chart-facts">
            {facts.map((f) => (
              <div key={f.label}>
                <dt>{f.label}</dt>
                <dd>
                  <strong>{f.value}</strong> <span className="muted small">{f.detail}</span>
                </dd>
              </div>
            ))}
          </dl>
          <p id={`${ids}-summary`} className="visually-hidden">
            {summary}
          </p>
          <div className="chart-axis-bar">
            <p className="muted small">Time axis: the unit's clock ({zone}).</p>
            <div className="segmented small-segments" role="radiogroup" aria-label="Time range">
              {(
                [
                  ['fit', 'Fit to records'],
                  ['course', 'Whole expected course'],
                ] as const
              ).map(([value, label]) => (
                <label key={value} className={`segment${mode === value ? ' selected' : ''}`}>
                  <input
                    type="radio"
                    name={`${ids}-range`}
                    value={value}
                    checked={mode === value}
                    onChange={() => setMode(value)}
                  />
                  {label}
                </label>
              ))}
            </div>
          </div>
          {ahead.length > 0 && (
            <p className="small windows-ahead" data-testid="windows-ahead">
              Still to come:{' '}
              {ahead
                .map((w) => `${w.label.toLowerCase()} ${w.from}–${w.to} h since last use (in about ${w.inHours} h)`)
                .join('; ')}
              .
            </p>
          )}
        </figcaption>

        <section className="chart-panel" aria-labelledby={`${ids}-score`}>
          <h3 id={`${ids}-score`}>Withdrawal score ({instruments})</h3>
          {pointCount === 0 && <p className="chart-empty">{EMPTY_SCORES_MESSAGE}</p>}
          <div data-point-count={pointCount} data-testid="score-chart">
            <ScoreChart
              {...common}
              alerts={timeline.alerts}
              data={scores}
              bands={timeline.bands}
              windows={windows}
              risks={risks}
              description={`Withdrawal score chart. ${summary}`}
            />
          </div>
          {scores.series.some((s) => s.downsampled) && (
            <p className="muted small">
              Long series drawn as a line without dots; each stretch keeps its lowest and highest score.
            </p>
          )}
        </section>

        {plans.length > 0 && (
          // Under the course, on its time axis: each planned calendar day from its midnight to the next.
          <section className="chart-panel" aria-labelledby={`${ids}-taper`}>
            <h3 id={`${ids}-taper`}>Taper plan</h3>
            {plans.map((plan) => (
              <TaperCourse key={plan.drug} series={plan} {...common} />
            ))}
          </section>
        )}

        <section className="chart-panel" aria-labelledby={`${ids}-meds`}>
          <h3 id={`${ids}-meds`}>Medications and orders</h3>
          <MedicationStrip {...common} lanes={lanes} orderEvents={orders} description={medicationSummary(lanes)} />
        </section>

        <section className="chart-panel" aria-labelledby={`${ids}-vitals`}>
          <h3 id={`${ids}-vitals`}>Vital signs</h3>
          <VitalsChart
            {...common}
            temperatureScale={temperatureScale}
            rows={vitals}
            description={vitalsSummary(timeline)}
          />
        </section>
      </figure>
    </StayDayContext.Provider>
  );
}
