import type { OverdueEpisode } from '@detox/shared';

/** Why an assessment was due, in the words a nurse reads at handoff (the code stays in machine columns). */
export const OVERDUE_BECAUSE_LABEL: Record<OverdueEpisode['because'], string> = {
  admission: 'First assessment after admission',
  routine: 'Routine assessment',
  'after-prn': 'Reassessment after a PRN dose',
  severity: 'Reassessment while the score is moderate or worse',
  'after-first-buprenorphine': 'Reassessment after the first buprenorphine dose',
  'danger-alert': 'Reassessment while a danger alert is open',
};
