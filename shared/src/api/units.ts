import { z } from 'zod';
import { TEMPERATURE_SCALES } from '../vitals/temperature.js';
import { id } from './common.js';

/** A unit's temperature scale: °C or °F for entry and display; readings stay stored in °C. */
export const setTemperatureUnitInput = z.object({
  unitId: id,
  temperatureUnit: z.enum(TEMPERATURE_SCALES, { error: 'the temperature unit is C (°C) or F (°F)' }),
});
export type SetTemperatureUnitInput = z.infer<typeof setTemperatureUnitInput>;
