import type { ChartEnd, ClockTick, HourDomain } from './chart-axis.js';
import type { ChartLayout } from './chart-layout.js';

/**
 * What every panel of the chart shares so that they line up on one time axis: the hours shown, the
 * clock ticks, the end line, the admission, the last use, the unit's zone and the layout (wide or narrow).
 */
export interface PanelAxisProps {
  domain: HourDomain;
  ticks: readonly ClockTick[];
  end: ChartEnd;
  admittedHours: number;
  lastUseAt: string;
  zone: string;
  layout: ChartLayout;
}
