/**
 * Body temperature in either scale. The record stores °C (the FHIR vital-signs profile's `Cel`,
 * docs/clinical.md §8.4); a unit chooses °C or °F for entry and display. The plausible range is the
 * record's own (30–45 °C, which catches typing slips rather than raising clinical alarms), so a value
 * that only makes sense in the other scale, such as 98.6 typed on a °C unit, can be recognised.
 */
export const TEMPERATURE_SCALES = ['C', 'F'] as const;
export type TemperatureScale = (typeof TEMPERATURE_SCALES)[number];

/** The range the record accepts, in °C: below 30 or above 45 is a slip of the keyboard or the probe. */
export const PLAUSIBLE_TEMPERATURE_C = { min: 30, max: 45 } as const;

export function fahrenheitFromCelsius(celsius: number): number {
  return (celsius * 9) / 5 + 32;
}

export function celsiusFromFahrenheit(fahrenheit: number): number {
  return ((fahrenheit - 32) * 5) / 9;
}

/** A reading in the unit's scale, as stored: °C to two decimals, so 98.7 °F comes back as 98.7 °F. */
export function toStoredCelsius(value: number, scale: TemperatureScale): number {
  const celsius = scale === 'C' ? value : celsiusFromFahrenheit(value);
  return Math.round(celsius * 100) / 100;
}

/** A stored °C reading in the unit's scale, to one decimal as a thermometer shows it. */
export function fromStoredCelsius(celsius: number, scale: TemperatureScale): number {
  const value = scale === 'C' ? celsius : fahrenheitFromCelsius(celsius);
  return Math.round(value * 10) / 10;
}

export function temperatureSymbol(scale: TemperatureScale): string {
  return scale === 'C' ? '°C' : '°F';
}

/** "37.0 °C" or "98.6 °F" for a stored °C reading. */
export function formatTemperature(celsius: number, scale: TemperatureScale): string {
  return `${fromStoredCelsius(celsius, scale).toFixed(1)} ${temperatureSymbol(scale)}`;
}

/** The plausible range in a scale, for messages: "30–45 °C" or "86–113 °F". */
export function plausibleTemperatureRange(scale: TemperatureScale): { min: number; max: number } {
  const { min, max } = PLAUSIBLE_TEMPERATURE_C;
  return { min: fromStoredCelsius(min, scale), max: fromStoredCelsius(max, scale) };
}

export function isPlausibleTemperature(value: number, scale: TemperatureScale): boolean {
  const celsius = scale === 'C' ? value : celsiusFromFahrenheit(value);
  return Number.isFinite(celsius) && celsius >= PLAUSIBLE_TEMPERATURE_C.min && celsius <= PLAUSIBLE_TEMPERATURE_C.max;
}

/**
 * When a reading is implausible in the unit's scale but plausible in the other (98.6 on a °C unit,
 * 37 on a °F unit), the same temperature in the unit's scale, so the nurse can take it with one tap.
 * Null when the reading is plausible as typed, or in neither scale.
 */
export function readingInOtherScale(
  value: number,
  scale: TemperatureScale,
): { typedAs: TemperatureScale; converted: number } | null {
  if (!Number.isFinite(value) || isPlausibleTemperature(value, scale)) return null;
  const other: TemperatureScale = scale === 'C' ? 'F' : 'C';
  if (!isPlausibleTemperature(value, other)) return null;
  return { typedAs: other, converted: fromStoredCelsius(toStoredCelsius(value, other), scale) };
}
