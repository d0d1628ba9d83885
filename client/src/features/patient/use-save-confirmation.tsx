import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { type SavedAssessment, saveConfirmation } from '../assess/save-confirmation.js';
import { useTRPC } from '../../trpc.js';

/**
 * After a save: the confirmation in words ("COWS 7 mild saved 08:48, next due 10:48") in a live
 * region that screen readers announce, and focus on the new row, so the nurse sees where it went.
 * The next-due time is the board's own, so the confirmation never disagrees with the board.
 */
export function useSaveConfirmation(unitId: number | undefined, admissionId: number, zone: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState('');

  const confirm = useCallback(
    async (saved: SavedAssessment) => {
      setMessage(saveConfirmation(saved, null, zone, Date.now()));
      focusWhenDrawn(`[data-testid="assessment-${saved.id}"]`);
      if (unitId === undefined) return;
      try {
        await queryClient.invalidateQueries(trpc.census.board.queryFilter({ unitId }));
        const board = await queryClient.fetchQuery(trpc.census.board.queryOptions({ unitId }));
        const row = board.rows.find((r) => r.admissionId === admissionId);
        if (row) setMessage(saveConfirmation(saved, { at: row.nextAssessmentDue, why: row.dueWhy }, zone, Date.now()));
      } catch {
        // The save itself succeeded; without the board the confirmation just leaves out the next time.
      }
    },
    [queryClient, trpc, unitId, admissionId, zone],
  );

  /** Any other save (a dose charted): its sentence, and focus on its row once drawn. */
  const announce = useCallback((sentence: string, rowSelector: string) => {
    setMessage(sentence);
    focusWhenDrawn(rowSelector);
  }, []);

  return { message, confirm, announce, clear: () => setMessage('') };
}

/** Focus the new row once React has drawn it (the list refetches as the form closes): up to 2 s. */
function focusWhenDrawn(selector: string, triesLeft = 40): void {
  const row = document.querySelector<HTMLElement>(selector);
  if (row) {
    row.focus();
    if (document.activeElement === row) return;
  }
  if (triesLeft > 0) window.setTimeout(() => focusWhenDrawn(selector, triesLeft - 1), 50);
}

/** Always on the page (empty until a save), so assistive technology hears each new message. */
export function SaveConfirmation({ message }: { message: string }) {
  return (
    <p role="status" className={message ? 'save-confirmation' : 'visually-hidden'}>
      {message}
    </p>
  );
}
