import type { AdministrationWarning, CheckAdministrationInput } from '@detox/shared';
import { skipToken, useQuery } from '@tanstack/react-query';
import { useDebounced } from '../../lib/use-debounced.js';
import { useTRPC } from '../../trpc.js';

/**
 * The server's protocol check of a dose as the nurse types: the same rules it enforces on save.
 * Nothing is asked until the dose is complete (skipToken), and only once typing pauses; the
 * proposal is compared by content so a re-render does not restart the wait.
 */
export function useDoseCheck(proposal: CheckAdministrationInput | null) {
  const trpc = useTRPC();
  const key = proposal === null ? null : JSON.stringify(proposal);
  const settledKey = useDebounced(key);
  const settled = settledKey === null ? null : (JSON.parse(settledKey) as CheckAdministrationInput);
  const check = useQuery(trpc.medications.check.queryOptions(settled ?? skipToken, { staleTime: 0, retry: false }));
  const current = key !== null && key === settledKey;
  const warnings: readonly AdministrationWarning[] = current && check.data ? check.data.warnings : [];
  return {
    warnings,
    checking: key !== null && (key !== settledKey || check.isFetching),
    problem: current && check.error ? check.error.message : null,
  };
}
