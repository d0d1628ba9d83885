import { courseLabel, getDrug, type InstrumentId, phaseOfCourse } from '@detox/shared';
import type { TimelineData } from '../../lib/api-types.js';
import { type ChartEnd, clockAt, formatClock, formatSinceLastUse, stayDayText } from './chart-axis.js';
import type { MedicationLane } from './medication-strip.js';

type Assessment = TimelineData['assessments'][number];

export const EMPTY_SCORES_MESSAGE = 'No scores charted yet — the expected course is shown.';

/** One fact above the chart: "Latest COWS" / "8 · Mild" / "Sun 22 Nov, 00:50 · 51.6 h". */
export interface CourseFact {
  readonly label: string;
  readonly value: string;
  readonly detail: string;
}

function clock(timeline: TimelineData, hours: number): string {
  return formatClock(clockAt(timeline.lastUseAt, hours, timeline.timeZone));
}

function when(timeline: TimelineData, hours: number): string {
  return `${clock(timeline, hours)} (${formatSinceLastUse(hours)})`;
}

function bandLabel(timeline: TimelineData, a: Assessment): string {
  return timeline.bands.find((b) => b.instrument === a.instrument && b.severity === a.severity)?.label ?? a.severity;
}

interface InstrumentCourse {
  readonly instrument: InstrumentId;
  readonly count: number;
  readonly latest: Assessment;
  /** The first time the highest total was reached: when the peak began. */
  readonly highest: Assessment;
}

function instrumentCourses(timeline: TimelineData): InstrumentCourse[] {
  const instruments = [...new Set(timeline.assessments.map((a) => a.instrument))];
  return instruments.flatMap((instrument) => {
    const list = timeline.assessments.filter((a) => a.instrument === instrument);
    const latest = list.at(-1);
    if (!latest) return [];
    const highest = list.reduce((best, a) => (a.total > best.total ? a : best));
    return [{ instrument, count: list.length, latest, highest }];
  });
}

function phaseAt(timeline: TimelineData, end: ChartEnd): string {
  return phaseOfCourse(end.hours, timeline.course).phaseLabel;
}

function expectedText(timeline: TimelineData): string {
  const expected = timeline.expected;
  if (expected === null) return `${timeline.substances}: ${courseLabel(null)}`;
  const [onsetFrom, onsetTo] = expected.onsetHours;
  const [peakFrom, peakTo] = expected.peakHours;
  // Alcohol's dangers have their own windows (docs/clinical.md §5.4).
  const seizures = expected.seizureHours ? `, seizures ${expected.seizureHours[0]}–${expected.seizureHours[1]} h` : '';
  const delirium = expected.deliriumHours
    ? `, delirium tremens ${expected.deliriumHours[0]}–${expected.deliriumHours[1]} h`
    : '';
  return `${courseLabel(timeline.course)}: onset ${onsetFrom}–${onsetTo} h, peak ${peakFrom}–${peakTo} h${seizures}${delirium} since last use`;
}

/** The course in words: the chart's description for screen readers. */
export function scoreSummary(timeline: TimelineData, end: ChartEnd): string {
  const courses = instrumentCourses(timeline);
  const scores = courses.length
    ? courses
        .map(({ instrument, count, latest, highest }) => {
          const counted = `${count} ${instrument} assessment${count === 1 ? '' : 's'}.`;
          const latestText = `Latest ${instrument} ${latest.total} (${bandLabel(timeline, latest)}) at ${when(timeline, latest.hoursSinceLastUse)}.`;
          const highestText =
            count === 1
              ? ''
              : ` Highest ${highest.total} (${bandLabel(timeline, highest)}) at ${when(timeline, highest.hoursSinceLastUse)}.`;
          return `${counted} ${latestText}${highestText}`;
        })
        .join(' ')
    : EMPTY_SCORES_MESSAGE;
  const subject = end.label === 'Now' ? 'Expected phase now' : 'Expected phase at discharge';
  return `${scores} ${subject}: ${phaseAt(timeline, end)} (${expectedText(timeline)}).`;
}

/** The few numbers a clinician looks for first, shown above the chart and printed with it. */
export function courseFacts(timeline: TimelineData, end: ChartEnd): CourseFact[] {
  const facts: CourseFact[] = [
    {
      label: end.label === 'Now' ? 'Since last use' : 'At discharge',
      value: end.hours < 0 ? 'before last use' : `${end.hours.toFixed(1)} h`,
      detail: `last use ${formatClock(clockAt(timeline.lastUseAt, 0, timeline.timeZone))}`,
    },
    {
      // The one notion of "day" on the page: the day of stay, day 1 being the date of admission.
      label: end.label === 'Now' ? 'Today' : 'Discharge day',
      value: stayDayText(
        timeline.admittedAt,
        clockAt(timeline.lastUseAt, end.hours, timeline.timeZone).toISO() ?? timeline.admittedAt,
        timeline.timeZone,
      ),
      detail: `stay day 1 = admission, ${formatClock(clockAt(timeline.admittedAt, 0, timeline.timeZone))}`,
    },
    {
      label: end.label === 'Now' ? 'Expected phase now' : 'Expected phase at discharge',
      value: phaseAt(timeline, end),
      detail: expectedText(timeline),
    },
  ];
  for (const { instrument, count, latest, highest } of instrumentCourses(timeline)) {
    facts.push({
      label: `Latest ${instrument}`,
      value: `${latest.total} · ${bandLabel(timeline, latest)}`,
      detail: `${clock(timeline, latest.hoursSinceLastUse)} · ${latest.hoursSinceLastUse.toFixed(1)} h`,
    });
    if (count > 1) {
      facts.push({
        label: `Highest ${instrument}`,
        value: `${highest.total} · ${bandLabel(timeline, highest)}`,
        detail: `${clock(timeline, highest.hoursSinceLastUse)} · ${highest.hoursSinceLastUse.toFixed(1)} h`,
      });
    }
  }
  return facts;
}

export function medicationSummary(lanes: readonly MedicationLane[]): string {
  if (!lanes.length) return 'No medications recorded.';
  const parts = lanes.map((lane) => {
    const counts = (['given', 'held', 'refused'] as const)
      .map((status) => [status, lane.points.filter((p) => p.status === status).length] as const)
      .filter(([, n]) => n > 0)
      .map(([status, n]) => `${n} ${status}`);
    return `${getDrug(lane.drug).name}: ${counts.join(', ')}`;
  });
  return `Medications by hours since last use. ${parts.join('; ')}.`;
}

export function vitalsSummary(timeline: TimelineData): string {
  const latest = timeline.vitals.at(-1);
  if (!latest) return 'No vital signs recorded.';
  let fastest = latest;
  for (const v of timeline.vitals) if ((v.heartRate ?? 0) > (fastest.heartRate ?? 0)) fastest = v;
  const bp = latest.systolic === null ? 'BP not recorded' : `BP ${latest.systolic}/${latest.diastolic ?? '—'} mmHg`;
  const latestText = `Latest heart rate ${latest.heartRate ?? 'not recorded'} bpm, ${bp}, at ${when(timeline, latest.hoursSinceLastUse)}.`;
  const fastestText =
    fastest.heartRate === null
      ? ''
      : ` Fastest heart rate ${fastest.heartRate} bpm at ${when(timeline, fastest.hoursSinceLastUse)}.`;
  return `Vital signs by hours since last use. ${latestText}${fastestText}`;
}
