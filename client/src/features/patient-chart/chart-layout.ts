import type { DrugId } from '@detox/shared';
import { getDrug } from '@detox/shared';

/**
 * Every panel on the hours axis uses the same left and right space, so a point at 54 h is at the same
 * pixel in the score, medication and vital-signs panels. The right margin holds the severity band
 * labels of the score panel (outside the plot, where they never cover a point).
 */
export const HOURS_MARGIN = { top: 26, right: 118, bottom: 4, left: 4 } as const;

export const SCORE_HEIGHT = 320;
export const VITALS_HEIGHT = 230;
export const MEDICATION_LANE_HEIGHT = 30;
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
