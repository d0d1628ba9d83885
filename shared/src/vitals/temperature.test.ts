import { describe, expect, it } from 'vitest';
import {
  celsiusFromFahrenheit,
  fahrenheitFromCelsius,
  formatTemperature,
  fromStoredCelsius,
  isPlausibleTemperature,
  plausibleTemperatureRange,
  readingInOtherScale,
  toStoredCelsius,
} from './temperature.js';

describe('temperature conversion', () => {
  it('converts the fixed points both ways', () => {
    expect(fahrenheitFromCelsius(0)).toBe(32);
    expect(fahrenheitFromCelsius(100)).toBe(212);
    expect(fahrenheitFromCelsius(37)).toBeCloseTo(98.6, 10);
    expect(celsiusFromFahrenheit(98.6)).toBeCloseTo(37, 10);
    expect(celsiusFromFahrenheit(-40)).toBe(-40);
  });

  it('stores °C to two decimals and shows one decimal, so a °F reading comes back as typed', () => {
    expect(toStoredCelsius(98.6, 'F')).toBe(37);
    expect(toStoredCelsius(98.7, 'F')).toBe(37.06);
    expect(fromStoredCelsius(37.06, 'F')).toBe(98.7);
    for (let tenths = 860; tenths <= 1130; tenths++) {
      const typed = tenths / 10;
      expect(fromStoredCelsius(toStoredCelsius(typed, 'F'), 'F')).toBe(typed);
    }
    expect(toStoredCelsius(38.25, 'C')).toBe(38.25);
    expect(fromStoredCelsius(38.25, 'C')).toBe(38.3);
  });

  it('formats a stored reading in the unit’s scale', () => {
    expect(formatTemperature(37, 'C')).toBe('37.0 °C');
    expect(formatTemperature(37, 'F')).toBe('98.6 °F');
    expect(formatTemperature(38, 'F')).toBe('100.4 °F');
  });
});

describe('plausible range at its boundaries (30–45 °C, 86–113 °F)', () => {
  it.each([
    [29.9, 'C', false],
    [30, 'C', true],
    [30.1, 'C', true],
    [44.9, 'C', true],
    [45, 'C', true],
    [45.1, 'C', false],
    [85.9, 'F', false],
    [86, 'F', true],
    [86.1, 'F', true],
    [112.9, 'F', true],
    [113, 'F', true],
    [113.1, 'F', false],
  ] as const)('%d °%s → %s', (value, scale, plausible) => {
    expect(isPlausibleTemperature(value, scale)).toBe(plausible);
  });

  it('states the range in each scale', () => {
    expect(plausibleTemperatureRange('C')).toEqual({ min: 30, max: 45 });
    expect(plausibleTemperatureRange('F')).toEqual({ min: 86, max: 113 });
  });
});

describe('a reading that only makes sense in the other scale', () => {
  it('offers 37.0 °C for 98.6 typed on a °C unit', () => {
    expect(readingInOtherScale(98.6, 'C')).toEqual({ typedAs: 'F', converted: 37 });
  });

  it('offers 98.6 °F for 37 typed on a °F unit', () => {
    expect(readingInOtherScale(37, 'F')).toEqual({ typedAs: 'C', converted: 98.6 });
  });

  it('offers nothing for a reading plausible as typed', () => {
    expect(readingInOtherScale(37, 'C')).toBeNull();
    expect(readingInOtherScale(98.6, 'F')).toBeNull();
    // 44 is a plausible °C reading (a high fever) and never "44 °F".
    expect(readingInOtherScale(44, 'C')).toBeNull();
  });

  it('offers nothing for a reading plausible in neither scale', () => {
    expect(readingInOtherScale(60, 'C')).toBeNull();
    expect(readingInOtherScale(60, 'F')).toBeNull();
    expect(readingInOtherScale(986, 'C')).toBeNull();
    expect(readingInOtherScale(Number.NaN, 'C')).toBeNull();
  });

  it('at the edges of the other scale’s range', () => {
    expect(readingInOtherScale(85.9, 'C')).toBeNull();
    expect(readingInOtherScale(86, 'C')).toEqual({ typedAs: 'F', converted: 30 });
    expect(readingInOtherScale(113, 'C')).toEqual({ typedAs: 'F', converted: 45 });
    expect(readingInOtherScale(113.1, 'C')).toBeNull();
    expect(readingInOtherScale(29.9, 'F')).toBeNull();
    expect(readingInOtherScale(30, 'F')).toEqual({ typedAs: 'C', converted: 86 });
  });
});
