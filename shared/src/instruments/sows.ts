import type { Instrument, InstrumentItem } from './instrument.js';

// Handelsman L et al. Two new rating scales for opiate withdrawal. Am J Drug Alcohol Abuse
// 1987;13(3):293-308. 16 self-rated items, each 0-4 (docs/clinical.md §2).
const SOWS_ANCHORS = [
  { value: 0, anchor: 'Not at all' },
  { value: 1, anchor: 'A little' },
  { value: 2, anchor: 'Moderately' },
  { value: 3, anchor: 'Quite a bit' },
  { value: 4, anchor: 'Extremely' },
] as const;

function item(key: string, label: string): InstrumentItem {
  return { key, label, instructions: 'Patient rates how they feel right now.', options: SOWS_ANCHORS };
}

export const SOWS: Instrument = {
  id: 'SOWS',
  name: 'Subjective Opiate Withdrawal Scale',
  rater: 'patient',
  maxTotal: 64,
  source: 'Handelsman L et al. Two new rating scales for opiate withdrawal. Am J Drug Alcohol Abuse 1987;13(3):293-308',
  bandSource: 'CTN-0051 coding as harmonised in CTN-0094: 1-10 mild, 11-20 moderate, 21 or more severe',
  items: [
    item('anxious', 'I feel anxious'),
    item('yawning', 'I feel like yawning'),
    item('perspiring', 'I am perspiring'),
    item('tearing', 'My eyes are tearing'),
    item('runnyNose', 'My nose is running'),
    item('gooseflesh', 'I have goosebumps'),
    item('shaking', 'I am shaking'),
    item('hotFlushes', 'I have hot flushes'),
    item('coldFlushes', 'I have cold flushes'),
    item('bonesMusclesAche', 'My bones and muscles ache'),
    item('restless', 'I feel restless'),
    item('nauseous', 'I feel nauseous'),
    item('likeVomiting', 'I feel like vomiting'),
    item('musclesTwitch', 'My muscles twitch'),
    item('stomachCramps', 'I have stomach cramps'),
    item('likeUsing', 'I feel like using now'),
  ],
  bands: [
    { severity: 'none', label: 'None', min: 0, max: 0 },
    { severity: 'mild', label: 'Mild', min: 1, max: 10 },
    { severity: 'moderate', label: 'Moderate', min: 11, max: 20 },
    { severity: 'severe', label: 'Severe', min: 21, max: 64 },
  ],
};
