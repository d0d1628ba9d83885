/** Every COWS item scored 0: tests build the totals they need from it (docs/clinical.md §1). */
export const ZERO_COWS = {
  pulse: 0,
  sweating: 0,
  restlessness: 0,
  pupils: 0,
  boneJointAches: 0,
  runnyNoseTearing: 0,
  giUpset: 0,
  tremor: 0,
  yawning: 0,
  anxietyIrritability: 0,
  gooseflesh: 0,
};
