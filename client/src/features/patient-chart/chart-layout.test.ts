import { describe, expect, it } from 'vitest';
import {
  HOURS_MARGIN,
  MEDICATION_LANE_HEIGHT,
  NARROW_CHART_PX,
  chartLayout,
  plotWidthOf,
  yAxisWidth,
} from './chart-layout.js';

const DRUGS = ['buprenorphine', 'clonidine'] as const;

describe('chartLayout', () => {
  it('keeps the desktop layout (band labels in the right gutter, drug names in the left) at the breakpoint and above', () => {
    for (const width of [NARROW_CHART_PX, NARROW_CHART_PX + 1, 1400]) {
      const layout = chartLayout(width, DRUGS);
      expect(layout.narrow).toBe(false);
      expect(layout.margin).toEqual(HOURS_MARGIN);
      expect(layout.axisWidth).toBe(yAxisWidth(DRUGS));
      expect(layout.laneHeight).toBe(MEDICATION_LANE_HEIGHT);
      expect(layout.titleOffset).toBe(14);
    }
  });

  it('switches to the narrow layout one pixel below the breakpoint', () => {
    const layout = chartLayout(NARROW_CHART_PX - 1, DRUGS);
    expect(layout.narrow).toBe(true);
    expect(layout.margin.right).toBeLessThan(HOURS_MARGIN.right);
    expect(layout.axisWidth).toBeLessThan(yAxisWidth(DRUGS));
    // Taller lanes: the drug name sits above the markers.
    expect(layout.laneHeight).toBeGreaterThan(MEDICATION_LANE_HEIGHT);
  });

  it('uses the wide layout before the container is measured (width 0)', () => {
    expect(chartLayout(0, DRUGS).narrow).toBe(false);
  });

  it('gives every panel the same axis width whatever the drugs when narrow, so lanes stay on one time axis', () => {
    expect(chartLayout(340, ['buprenorphine']).axisWidth).toBe(
      chartLayout(340, ['buprenorphine-naloxone', 'methocarbamol']).axisWidth,
    );
    expect(chartLayout(340, []).margin).toEqual(chartLayout(340, DRUGS).margin);
  });
});

describe('plotWidthOf', () => {
  it('leaves a phone chart (about 340 px wide) more than three quarters of its width to plot', () => {
    const layout = chartLayout(340, DRUGS);
    expect(plotWidthOf(layout, 340)).toBe(340 - layout.axisWidth - layout.margin.left - layout.margin.right);
    expect(plotWidthOf(layout, 340)).toBeGreaterThan(0.75 * 340);
  });

  it('is what the old fixed gutters left on a desktop', () => {
    const layout = chartLayout(1200, DRUGS);
    expect(plotWidthOf(layout, 1200)).toBe(1200 - yAxisWidth(DRUGS) - HOURS_MARGIN.left - HOURS_MARGIN.right);
  });

  it('never goes below 60 px, even in a container narrower than the gutters', () => {
    expect(plotWidthOf(chartLayout(1, DRUGS), 1)).toBe(60);
  });
});
