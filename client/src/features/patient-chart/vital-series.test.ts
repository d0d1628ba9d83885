import { describe, expect, it } from 'vitest';
import type { TimelineData } from '../../lib/api-types.js';
import { vitalDomain, vitalPoints, vitalUnit } from './vital-series.js';

const row = (h: number, temperatureC: number | null, respiratoryRate: number | null, spo2: number | null) =>
  ({
    hoursSinceLastUse: h,
    takenAt: `t${h}`,
    heartRate: null,
    systolic: null,
    diastolic: null,
    temperatureC,
    respiratoryRate,
    spo2,
  }) as TimelineData['vitals'][number];

describe('vitalPoints', () => {
  it('keeps only the rows with the sign, temperature in the unit’s scale', () => {
    const rows = [row(1, 37, 16, null), row(2, null, 18, 95), row(3, 38, null, 91)];
    expect(vitalPoints(rows, 'temperature', 'F').map((p) => [p.h, p.value])).toEqual([
      [1, 98.6],
      [3, 100.4],
    ]);
    expect(vitalPoints(rows, 'respiratoryRate', 'C').map((p) => p.value)).toEqual([16, 18]);
    expect(vitalPoints(rows, 'spo2', 'C').map((p) => p.value)).toEqual([95, 91]);
  });
});

describe('vitalDomain', () => {
  it('keeps the usual span for normal readings and widens in whole steps for others', () => {
    expect(vitalDomain([], 'temperature', 'C')).toEqual([35, 40]);
    expect(vitalDomain([], 'temperature', 'F')).toEqual([95, 104]);
    expect(vitalDomain([{ h: 1, takenAt: '', value: 40.2 }], 'temperature', 'C')).toEqual([35, 40.5]);
    expect(vitalDomain([{ h: 1, takenAt: '', value: 31 }], 'respiratoryRate', 'C')).toEqual([8, 32]);
    expect(vitalDomain([{ h: 1, takenAt: '', value: 78 }], 'spo2', 'C')).toEqual([75, 100]);
  });

  it('names each sign’s unit', () => {
    expect(vitalUnit('temperature', 'F')).toBe('°F');
    expect(vitalUnit('respiratoryRate', 'C')).toBe('/min');
    expect(vitalUnit('spo2', 'C')).toBe('%');
  });
});
