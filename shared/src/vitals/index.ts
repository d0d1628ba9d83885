export {
  DEFAULT_VITAL_RANGES,
  VITAL_SIGN_LABELS,
  VITAL_SIGNS,
  type VitalFinding,
  type VitalLevel,
  type VitalLimits,
  type VitalRanges,
  type VitalReadings,
  type VitalSign,
  vitalsOutOfRange,
} from './vital-ranges.js';
