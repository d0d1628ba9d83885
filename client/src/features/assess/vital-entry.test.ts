import { describe, expect, it } from 'vitest';
import {
  EMPTY_VITALS,
  plausibleHeartRate,
  vitalEntryIssue,
  vitalsDraftOf,
  vitalsInput,
  vitalsIssues,
} from './vital-entry.js';

describe('vitalEntryIssue: the record’s own plausibility limits, on leaving a field', () => {
  it.each([
    ['19', 'Heart rate of less than 20 bpm is not plausible; check the reading'],
    ['20', null],
    ['250', null],
    ['251', 'Heart rate above 250 bpm is not plausible; check the reading'],
    ['300', 'Heart rate above 250 bpm is not plausible; check the reading'],
    ['72.5', 'Heart rate must be a whole number of bpm'],
    ['', null],
  ])('heart rate %s', (typed, issue) => {
    expect(vitalEntryIssue('heartRate', typed, 'C')).toBe(issue);
  });

  it('checks temperature in the unit’s scale and says when it looks like the other one', () => {
    expect(vitalEntryIssue('temperature', '37', 'C')).toBeNull();
    expect(vitalEntryIssue('temperature', '98.6', 'F')).toBeNull();
    expect(vitalEntryIssue('temperature', '98.6', 'C')).toBe(
      'Temperature 98.6 °C is outside 30–45 °C; it looks like °F',
    );
    expect(vitalEntryIssue('temperature', '37', 'F')).toBe('Temperature 37 °F is outside 86–113 °F; it looks like °C');
    expect(vitalEntryIssue('temperature', '60', 'C')).toBe('Temperature 60 °C is outside 30–45 °C; check the reading');
  });

  it('uses the same limits for the other signs', () => {
    expect(vitalEntryIssue('spo2', '101', 'C')).toBe('SpO2 above 100 % is not plausible; check the reading');
    expect(vitalEntryIssue('spo2', '100', 'C')).toBeNull();
    expect(vitalEntryIssue('respiratoryRate', '1', 'C')).toContain('not plausible');
  });
});

describe('vitalsIssues', () => {
  it('lists issues by input path, only for the fields asked', () => {
    const draft = { ...EMPTY_VITALS, heartRate: '300', temperature: '98.6' };
    expect(vitalsIssues(draft, 'C')).toEqual({
      'vitals.heartRate': 'Heart rate above 250 bpm is not plausible; check the reading',
      'vitals.temperatureC': 'Temperature 98.6 °C is outside 30–45 °C; it looks like °F',
    });
    expect(Object.keys(vitalsIssues(draft, 'C', new Set(['heartRate'])))).toEqual(['vitals.heartRate']);
  });
});

describe('plausibleHeartRate: what may set the COWS pulse item', () => {
  it('is the reading when plausible, null when blank, half-typed or implausible', () => {
    expect(plausibleHeartRate({ ...EMPTY_VITALS, heartRate: '92' })).toBe(92);
    expect(plausibleHeartRate({ ...EMPTY_VITALS, heartRate: '3' })).toBeNull();
    expect(plausibleHeartRate({ ...EMPTY_VITALS, heartRate: '300' })).toBeNull();
    expect(plausibleHeartRate(EMPTY_VITALS)).toBeNull();
  });
});

describe('vitalsInput and vitalsDraftOf', () => {
  it('sends temperature in °C whatever the unit’s scale, and leaves blanks out', () => {
    expect(vitalsInput({ ...EMPTY_VITALS, heartRate: '80', temperature: '98.6' }, 'F')).toEqual({
      heartRate: 80,
      temperatureC: 37,
    });
    expect(vitalsInput({ ...EMPTY_VITALS, temperature: '37.2' }, 'C')).toEqual({ temperatureC: 37.2 });
    expect(vitalsInput(EMPTY_VITALS, 'C')).toBeUndefined();
  });

  it('shows a stored reading in the unit’s scale for a correction', () => {
    const stored = {
      heartRate: 80,
      systolic: null,
      diastolic: null,
      temperatureC: 37,
      respiratoryRate: 16,
      spo2: null,
    };
    expect(vitalsDraftOf(stored, 'F')).toEqual({
      ...EMPTY_VITALS,
      heartRate: '80',
      temperature: '98.6',
      respiratoryRate: '16',
    });
    expect(vitalsDraftOf(stored, 'C').temperature).toBe('37');
    expect(vitalsDraftOf(null, 'C')).toEqual(EMPTY_VITALS);
  });
});
