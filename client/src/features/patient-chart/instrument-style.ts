import type { InstrumentId } from '@detox/shared';

export interface SeriesStyle {
  readonly colour: string;
  /** Dash pattern, so the series stay apart on a black-and-white printout. */
  readonly dash: string | undefined;
}

export const INSTRUMENT_STYLE: Readonly<Record<InstrumentId, SeriesStyle>> = {
  COWS: { colour: '#0b4f8f', dash: undefined },
  SOWS: { colour: '#7b2d9b', dash: '7 4' },
  'CIWA-Ar': { colour: '#0f6b4a', dash: '2 3' },
};

/** Window shading, light enough that band lines and points stay readable over it. */
export const WINDOW_FILL = { onset: '#fff1c7', peak: '#fddcc8', taper: '#dfeaf6' } as const;

/** Alcohol's danger windows: a red strip along the top of the score plot (seizures deeper than delirium). */
export const RISK_FILL = { seizure: '#c62828', delirium: '#ef9a9a' } as const;
