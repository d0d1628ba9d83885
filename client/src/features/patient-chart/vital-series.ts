import { type TemperatureScale, fromStoredCelsius, temperatureSymbol } from '@detox/shared';
import type { TimelineData } from '../../lib/api-types.js';

/** The vital signs the chart can draw on their own: one at a time, each on its own scale. */
export type SingleVital = 'temperature' | 'respiratoryRate' | 'spo2';
export type VitalChoice = 'heart' | SingleVital;

export const VITAL_CHOICES: readonly { value: VitalChoice; label: string }[] = [
  { value: 'heart', label: 'Heart rate & BP' },
  { value: 'temperature', label: 'Temperature' },
  { value: 'respiratoryRate', label: 'Resp rate' },
  { value: 'spo2', label: 'SpO2' },
];

export interface VitalPoint {
  h: number;
  takenAt: string;
  value: number;
}

/** One sign's readings in time order, temperature in the unit's scale; rows without it are left out. */
export function vitalPoints(
  rows: readonly TimelineData['vitals'][number][],
  sign: SingleVital,
  scale: TemperatureScale,
): VitalPoint[] {
  return rows.flatMap((r) => {
    const raw = sign === 'temperature' ? r.temperatureC : r[sign];
    if (raw === null) return [];
    return [
      {
        h: r.hoursSinceLastUse,
        takenAt: r.takenAt,
        value: sign === 'temperature' ? fromStoredCelsius(raw, scale) : raw,
      },
    ];
  });
}

export function vitalUnit(sign: SingleVital, scale: TemperatureScale): string {
  if (sign === 'temperature') return temperatureSymbol(scale);
  return sign === 'spo2' ? '%' : '/min';
}

/**
 * The y range: the sign's usual span (so a normal reading sits mid-chart and does not look dramatic),
 * widened in whole steps to take in any reading.
 */
export function vitalDomain(
  points: readonly VitalPoint[],
  sign: SingleVital,
  scale: TemperatureScale,
): [number, number] {
  const usual: Record<SingleVital, [number, number, number]> = {
    temperature: scale === 'C' ? [35, 40, 0.5] : [95, 104, 1],
    respiratoryRate: [8, 28, 2],
    spo2: [85, 100, 5],
  };
  const [lo, hi, step] = usual[sign];
  let min = lo;
  let max = hi;
  for (const p of points) {
    min = Math.min(min, Math.floor(p.value / step) * step);
    max = Math.max(max, Math.ceil(p.value / step) * step);
  }
  return [min, sign === 'spo2' ? Math.min(100, max) : max];
}
