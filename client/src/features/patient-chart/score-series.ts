import { type InstrumentId, downsampleMinMax } from '@detox/shared';
import type { TimelineData } from '../../lib/api-types.js';
import { MAX_DOTTED_POINTS } from './chart-layout.js';

export type ScoreRow = TimelineData['assessments'][number] & { h: number };
export type Band = TimelineData['bands'][number];

export interface ScoreSeries {
  readonly instrument: InstrumentId;
  /** Active assessments of this instrument, before any downsampling. */
  readonly count: number;
  /** Over MAX_DOTTED_POINTS: drawn as a line without dots, from the min/max downsample. */
  readonly downsampled: boolean;
}

export interface ScoreData {
  /** One row per plotted assessment, all instruments together in time order (the chart's data). */
  readonly rows: ScoreRow[];
  readonly series: ScoreSeries[];
  /**
   * The instrument whose severity bands are drawn: the one charted most (COWS when none is). Two
   * instruments' band lines on one axis collide and mislead, since their scales differ.
   */
  readonly primary: InstrumentId;
  readonly bandLines: Band[];
  readonly yMax: number;
}

/**
 * Splits the assessments by instrument and thins any series too long to draw point by point. The
 * thinning keeps each bucket's lowest and highest total (shared timeline/downsample.ts), so a peak
 * score never disappears from ten days of hourly scoring.
 */
export function scoreData(assessments: TimelineData['assessments'], bands: readonly Band[]): ScoreData {
  const byInstrument = new Map<InstrumentId, ScoreRow[]>();
  for (const a of assessments) {
    const list = byInstrument.get(a.instrument) ?? [];
    list.push({ ...a, h: a.hoursSinceLastUse });
    byInstrument.set(a.instrument, list);
  }
  const series: ScoreSeries[] = [];
  const rows: ScoreRow[] = [];
  let peak = 0;
  for (const [instrument, list] of byInstrument) {
    const downsampled = list.length > MAX_DOTTED_POINTS;
    rows.push(...(downsampled ? downsampleMinMax(list, MAX_DOTTED_POINTS, (r) => r.total) : list));
    series.push({ instrument, count: list.length, downsampled });
    for (const r of list) peak = Math.max(peak, r.total);
  }
  rows.sort((x, y) => x.h - y.h || x.id - y.id);
  const primary = [...series].sort((x, y) => y.count - x.count)[0]?.instrument ?? bands[0]?.instrument ?? 'COWS';
  const bandLines = bands.filter((b) => b.instrument === primary);
  const ceiling = bands.reduce((max, b) => Math.max(max, b.max), 0);
  return { rows, series, primary, bandLines, yMax: scoreAxisMax(peak, bandLines, ceiling) };
}

/**
 * Tall enough to show the band above the highest score (so the reader sees how far it is from the
 * next band), and at least up to the third band line (COWS: moderately severe, 25), so a quiet
 * course does not look dramatic on a stretched axis. Never above the instrument's maximum total.
 */
export function scoreAxisMax(peak: number, bands: readonly Band[], ceiling: number): number {
  const thresholds = [...new Set(bands.map((b) => b.min).filter((m) => m > 0))].sort((x, y) => x - y);
  const nextAbovePeak = thresholds.find((t) => t > peak) ?? ceiling;
  const floor = thresholds[2] ?? thresholds.at(-1) ?? ceiling;
  const top = Math.max(nextAbovePeak, floor, peak);
  return Math.min(ceiling, Math.ceil((top + 3) / 5) * 5);
}
