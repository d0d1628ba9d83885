import { type Instrument, rangeOptions } from './instrument.js';

/**
 * Clinical Institute Withdrawal Assessment for Alcohol, revised. Sullivan JT et al. Br J Addict
 * 1989;84:1353-1357. Nine items 0-7 and orientation 0-4, maximum 67; only some values carry anchor
 * text, the values between them are allowed (docs/clinical.md §3.1).
 */
export const CIWA_AR: Instrument = {
  id: 'CIWA-Ar',
  name: 'Clinical Institute Withdrawal Assessment for Alcohol, revised',
  rater: 'clinician',
  maxTotal: 67,
  source: 'Sullivan JT, Sykora K, Schneiderman J, Naranjo CA, Sellers EM. Br J Addict 1989;84:1353-1357',
  // Cut-offs vary across the literature (docs/clinical.md §3.2); the ASAM 2020 guideline's are the default.
  bandSource:
    'ASAM Clinical Practice Guideline on Alcohol Withdrawal Management 2020: <10 mild, 10-18 moderate, >=19 severe',
  items: [
    {
      key: 'nauseaVomiting',
      label: 'Nausea and vomiting',
      instructions: 'Ask "Do you feel sick to your stomach? Have you vomited?" and observe.',
      options: rangeOptions(7, {
        0: 'No nausea and no vomiting',
        1: 'Mild nausea with no vomiting',
        4: 'Intermittent nausea with dry heaves',
        7: 'Constant nausea, frequent dry heaves and vomiting',
      }),
    },
    {
      key: 'tremor',
      label: 'Tremor',
      instructions: 'Arms extended and fingers spread apart.',
      options: rangeOptions(7, {
        0: 'No tremor',
        1: 'Not visible, but can be felt fingertip to fingertip',
        4: 'Moderate, with arms extended',
        7: 'Severe, even with arms not extended',
      }),
    },
    {
      key: 'paroxysmalSweats',
      label: 'Paroxysmal sweats',
      instructions: 'Observation.',
      options: rangeOptions(7, {
        0: 'No sweat visible',
        1: 'Barely perceptible sweating, palms moist',
        4: 'Beads of sweat obvious on forehead',
        7: 'Drenching sweats',
      }),
    },
    {
      key: 'anxiety',
      label: 'Anxiety',
      instructions: 'Ask "Do you feel nervous?" and observe.',
      options: rangeOptions(7, {
        0: 'No anxiety, at ease',
        1: 'Mildly anxious',
        4: 'Moderately anxious, or guarded, so anxiety is inferred',
        7: 'Equivalent to acute panic states as seen in severe delirium or acute psychotic reactions',
      }),
    },
    {
      key: 'agitation',
      label: 'Agitation',
      instructions: 'Observation.',
      options: rangeOptions(7, {
        0: 'Normal activity',
        1: 'Somewhat more than normal activity',
        4: 'Moderately fidgety and restless',
        7: 'Paces back and forth during most of the interview, or constantly thrashes about',
      }),
    },
    {
      key: 'tactileDisturbances',
      label: 'Tactile disturbances',
      instructions: 'Ask about itching, pins and needles, burning, numbness, or bugs crawling on the skin.',
      options: rangeOptions(7, {
        0: 'None',
        1: 'Very mild itching, pins and needles, burning or numbness',
        2: 'Mild itching, pins and needles, burning or numbness',
        3: 'Moderate itching, pins and needles, burning or numbness',
        4: 'Moderately severe hallucinations',
        5: 'Severe hallucinations',
        6: 'Extremely severe hallucinations',
        7: 'Continuous hallucinations',
      }),
    },
    {
      key: 'auditoryDisturbances',
      label: 'Auditory disturbances',
      instructions: 'Ask whether sounds are harsher or frightening, or whether they hear things that are not there.',
      options: rangeOptions(7, {
        0: 'Not present',
        1: 'Very mild harshness or ability to frighten',
        2: 'Mild harshness or ability to frighten',
        3: 'Moderate harshness or ability to frighten',
        4: 'Moderately severe hallucinations',
        5: 'Severe hallucinations',
        6: 'Extremely severe hallucinations',
        7: 'Continuous hallucinations',
      }),
    },
    {
      key: 'visualDisturbances',
      label: 'Visual disturbances',
      instructions:
        'Ask whether light seems too bright or colours different, or whether they see things that are not there.',
      options: rangeOptions(7, {
        0: 'Not present',
        1: 'Very mild sensitivity',
        2: 'Mild sensitivity',
        3: 'Moderate sensitivity',
        4: 'Moderately severe hallucinations',
        5: 'Severe hallucinations',
        6: 'Extremely severe hallucinations',
        7: 'Continuous hallucinations',
      }),
    },
    {
      key: 'headache',
      label: 'Headache, fullness in head',
      instructions: 'Do not rate dizziness or light-headedness; otherwise rate severity.',
      options: rangeOptions(7, {
        0: 'Not present',
        1: 'Very mild',
        2: 'Mild',
        3: 'Moderate',
        4: 'Moderately severe',
        5: 'Severe',
        6: 'Very severe',
        7: 'Extremely severe',
      }),
    },
    {
      key: 'orientation',
      label: 'Orientation and clouding of sensorium',
      instructions: 'Ask "What day is this? Where are you? Who am I?"',
      options: rangeOptions(4, {
        0: 'Oriented and can do serial additions',
        1: 'Cannot do serial additions or is uncertain about date',
        2: 'Disoriented for date by no more than 2 calendar days',
        3: 'Disoriented for date by more than 2 calendar days',
        4: 'Disoriented for place and/or person',
      }),
    },
  ],
  bands: [
    { severity: 'mild', label: 'Mild', min: 0, max: 9 },
    { severity: 'moderate', label: 'Moderate', min: 10, max: 18 },
    { severity: 'severe', label: 'Severe', min: 19, max: 67 },
  ],
};
