import type { DrugId } from '@detox/shared';
import { getDrug } from '@detox/shared';

/**
 * Every panel on the hours axis uses the same left and right space, so a point at 54 h is at the same
 * pixel in the score, medication and vital-signs panels. The right margin holds the severity band
 * labels of the score panel (outside the plot, where they never cover a point).
 */
export const HOURS_MARGIN = { top: 26, right: 118, bottom: 4, left: 4 } as const;

/**
 * Below this width of the chart's container (a phone, a narrow split screen) the fixed side gutters
 * would leave the plot a sliver: the narrow layout draws the band labels inside the plot and the drug
 * names above their lanes instead, so the plot keeps nearly the whole width.
 */
export const NARROW_CHART_PX = 600;

/** The narrow layout's y axis: room for three-digit ticks and, left of them, the rotated axis title. */
const NARROW_AXIS_PX = 50;
/** The narrow layout's right margin: half of the last clock label and the "Now" label. */
const NARROW_RIGHT_PX = 14;

/** How every hours panel of one chart is laid out: the same margins and y-axis width in each. */
export interface ChartLayout {
  readonly narrow: boolean;
  readonly axisWidth: number;
  readonly margin: { readonly top: number; readonly right: number; readonly bottom: number; readonly left: number };
  /** One medication lane's height: taller when narrow, for the drug name above the markers. */
  readonly laneHeight: number;
  /** How far in from the axis's left edge its rotated title sits: close to the edge when narrow, clear of the ticks. */
  readonly titleOffset: number;
}

/**
 * The layout for a container `width` px wide (content box). 0 means not measured yet: the wide
 * layout then, which the first resize replaces on a phone.
 */
export function chartLayout(width: number, drugs: readonly DrugId[]): ChartLayout {
  if (width > 0 && width < NARROW_CHART_PX) {
    return {
      narrow: true,
      axisWidth: NARROW_AXIS_PX,
      margin: { ...HOURS_MARGIN, right: NARROW_RIGHT_PX },
      laneHeight: NARROW_LANE_HEIGHT,
      titleOffset: 6,
    };
  }
  return {
    narrow: false,
    axisWidth: yAxisWidth(drugs),
    margin: HOURS_MARGIN,
    laneHeight: MEDICATION_LANE_HEIGHT,
    titleOffset: 14,
  };
}

/** The plot's own width in a container `width` px wide: what is left of it after the axis and margins. */
export function plotWidthOf(layout: ChartLayout, width: number): number {
  return Math.max(60, width - layout.axisWidth - layout.margin.left - layout.margin.right);
}

export const SCORE_HEIGHT = 320;
export const VITALS_HEIGHT = 230;
export const MEDICATION_LANE_HEIGHT = 30;
const NARROW_LANE_HEIGHT = 46;
export const TAPER_HEIGHT = 210;

/** A chart panel turns into a plain line with no dots beyond this many points per series. */
export const MAX_DOTTED_POINTS = 400;

const CHAR_WIDTH_PX = 7.2;

/** The split of a drug name over at most two lines, for the medication lane labels. */
export function laneLabelLines(drug: DrugId): string[] {
  const name = getDrug(drug).name;
  if (name.length <= 13) return [name];
  const cut = name.lastIndexOf('-', 13) > 0 ? name.lastIndexOf('-', 13) + 1 : name.lastIndexOf(' ', 13);
  if (cut <= 0) return [name];
  return [name.slice(0, cut).trim(), name.slice(cut).trim()];
}

/** One y-axis width for every hours panel: wide enough for the longest medication lane label. */
export function yAxisWidth(drugs: readonly DrugId[]): number {
  const longest = drugs.flatMap(laneLabelLines).reduce((max, line) => Math.max(max, line.length), 0);
  // 22 px for the lane's shape glyph and the gap before the axis line.
  return Math.max(72, Math.ceil(longest * CHAR_WIDTH_PX) + 30);
}
