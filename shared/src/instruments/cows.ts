import type { Instrument } from './instrument.js';

/**
 * Clinical Opiate Withdrawal Scale. Wesson DR, Ling W. J Psychoactive Drugs 2003;35(2):253-259.
 * Item values and anchors from the form (NCBI Bookshelf NBK64244, table A72915); values are not
 * contiguous (pulse 0,1,2,4; gooseflesh 0,3,5): docs/clinical.md §1.2 and §10.
 */
export const COWS: Instrument = {
  id: 'COWS',
  name: 'Clinical Opiate Withdrawal Scale',
  rater: 'clinician',
  maxTotal: 48,
  source: 'Wesson DR, Ling W. The Clinical Opiate Withdrawal Scale (COWS). J Psychoactive Drugs 2003;35(2):253-259',
  bandSource: 'Wesson & Ling form bands: 5-12 mild, 13-24 moderate, 25-36 moderately severe, >36 severe',
  items: [
    {
      key: 'pulse',
      label: 'Resting pulse rate',
      instructions: 'Measured after the patient has been sitting or lying for one minute.',
      options: [
        { value: 0, anchor: '80 bpm or below' },
        { value: 1, anchor: '81-100 bpm' },
        { value: 2, anchor: '101-120 bpm' },
        { value: 4, anchor: 'Greater than 120 bpm' },
      ],
    },
    {
      key: 'sweating',
      label: 'Sweating',
      instructions: 'Over the past half hour, not accounted for by room temperature or activity.',
      options: [
        { value: 0, anchor: 'No report of chills or flushing' },
        { value: 1, anchor: 'Subjective report of chills or flushing' },
        { value: 2, anchor: 'Flushed or observable moistness on face' },
        { value: 3, anchor: 'Beads of sweat on brow or face' },
        { value: 4, anchor: 'Sweat streaming off face' },
      ],
    },
    {
      key: 'restlessness',
      label: 'Restlessness',
      instructions: 'Observed during the assessment.',
      options: [
        { value: 0, anchor: 'Able to sit still' },
        { value: 1, anchor: 'Reports difficulty sitting still, but is able to do so' },
        { value: 3, anchor: 'Frequent shifting or extraneous movements of legs or arms' },
        { value: 5, anchor: 'Unable to sit still for more than a few seconds' },
      ],
    },
    {
      key: 'pupils',
      label: 'Pupil size',
      instructions: 'Compared with what is expected for the room light.',
      options: [
        { value: 0, anchor: 'Pupils pinned or normal size for room light' },
        { value: 1, anchor: 'Pupils possibly larger than normal for room light' },
        { value: 2, anchor: 'Pupils moderately dilated' },
        { value: 5, anchor: 'Pupils so dilated that only the rim of the iris is visible' },
      ],
    },
    {
      key: 'boneJointAches',
      label: 'Bone or joint aches',
      instructions: 'If the patient had pain before, score only the part attributed to withdrawal.',
      options: [
        { value: 0, anchor: 'Not present' },
        { value: 1, anchor: 'Mild diffuse discomfort' },
        { value: 2, anchor: 'Reports severe diffuse aching of joints or muscles' },
        { value: 4, anchor: 'Rubbing joints or muscles and unable to sit still because of discomfort' },
      ],
    },
    {
      key: 'runnyNoseTearing',
      label: 'Runny nose or tearing',
      instructions: 'Not accounted for by cold symptoms or allergies.',
      options: [
        { value: 0, anchor: 'Not present' },
        { value: 1, anchor: 'Nasal stuffiness or unusually moist eyes' },
        { value: 2, anchor: 'Nose running or tearing' },
        { value: 4, anchor: 'Nose constantly running or tears streaming down cheeks' },
      ],
    },
    {
      key: 'giUpset',
      label: 'GI upset',
      instructions: 'Over the last half hour.',
      options: [
        { value: 0, anchor: 'No GI symptoms' },
        { value: 1, anchor: 'Stomach cramps' },
        { value: 2, anchor: 'Nausea or loose stool' },
        { value: 3, anchor: 'Vomiting or diarrhea' },
        { value: 5, anchor: 'Multiple episodes of diarrhea or vomiting' },
      ],
    },
    {
      key: 'tremor',
      label: 'Tremor',
      instructions: 'Observation of outstretched hands.',
      options: [
        { value: 0, anchor: 'No tremor' },
        { value: 1, anchor: 'Tremor can be felt, but not observed' },
        { value: 2, anchor: 'Slight tremor observable' },
        { value: 4, anchor: 'Gross tremor or muscle twitching' },
      ],
    },
    {
      key: 'yawning',
      label: 'Yawning',
      instructions: 'Observed during the assessment.',
      options: [
        { value: 0, anchor: 'No yawning' },
        { value: 1, anchor: 'Yawning once or twice during assessment' },
        { value: 2, anchor: 'Yawning three or more times during assessment' },
        { value: 4, anchor: 'Yawning several times per minute' },
      ],
    },
    {
      key: 'anxietyIrritability',
      label: 'Anxiety or irritability',
      instructions: 'Reported or observed.',
      options: [
        { value: 0, anchor: 'None' },
        { value: 1, anchor: 'Reports increasing irritability or anxiousness' },
        { value: 2, anchor: 'Obviously irritable or anxious' },
        { value: 4, anchor: 'So irritable or anxious that participation in the assessment is difficult' },
      ],
    },
    {
      key: 'gooseflesh',
      label: 'Gooseflesh skin',
      instructions: 'Observed on the arms.',
      options: [
        { value: 0, anchor: 'Skin is smooth' },
        { value: 3, anchor: 'Piloerection of skin can be felt or hairs standing up on arms' },
        { value: 5, anchor: 'Prominent piloerection' },
      ],
    },
  ],
  // docs/clinical.md §1.3: 0-4 is not classified on the form; software shows it as below mild.
  bands: [
    { severity: 'none', label: 'Below mild', min: 0, max: 4 },
    { severity: 'mild', label: 'Mild', min: 5, max: 12 },
    { severity: 'moderate', label: 'Moderate', min: 13, max: 24 },
    { severity: 'moderately-severe', label: 'Moderately severe', min: 25, max: 36 },
    { severity: 'severe', label: 'Severe', min: 37, max: 48 },
  ],
};

/**
 * The COWS pulse item from a resting heart rate: 80 or below scores 0, 81-100 scores 1,
 * 101-120 scores 2, above 120 scores 4 (form wording "80 or below"; docs/clinical.md §0.5, §10).
 */
export function cowsPulseItemScore(heartRateBpm: number): 0 | 1 | 2 | 4 {
  if (heartRateBpm <= 80) return 0;
  if (heartRateBpm <= 100) return 1;
  if (heartRateBpm <= 120) return 2;
  return 4;
}
