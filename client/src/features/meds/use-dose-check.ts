import type { AdministrationWarning, CheckAdministrationInput, MedicationOrder } from '@detox/shared';
import { skipToken, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useDebounced } from '../../lib/use-debounced.js';
import { useTRPC } from '../../trpc.js';
import { type LastKnown, offlineDoseWarnings } from '../offline/offline-dose-check.js';
import { useOnline } from '../offline/use-online.js';

/**
 * The server's protocol check of a dose as the nurse types: the same rules it enforces on save.
 * Nothing is asked until the dose is complete (skipToken), and only once typing pauses; the
 * proposal is compared by content so a re-render does not restart the wait. Offline (issue 13) the
 * same shared rules run on the tablet, on the last data read, and `offlineAsOf` says from when.
 */
export function useDoseCheck(proposal: CheckAdministrationInput | null) {
  const trpc = useTRPC();
  const online = useOnline();
  const key = proposal === null ? null : JSON.stringify(proposal);
  const settledKey = useDebounced(key);
  const settled = settledKey === null ? null : (JSON.parse(settledKey) as CheckAdministrationInput);
  const check = useQuery(
    trpc.medications.check.queryOptions(online && settled ? settled : skipToken, { staleTime: 0, retry: false }),
  );
  const offline = useLastKnown(proposal?.admissionId ?? null, proposal?.orderId ?? null);
  const offlineWarnings = useMemo(
    () => (!online && proposal && offline.known ? offlineDoseWarnings(proposal, offline.known) : null),
    [online, proposal, offline.known],
  );
  if (!online) {
    return {
      warnings: offlineWarnings ?? [],
      checking: false,
      problem:
        proposal && !offline.known ? 'Offline, and this patient’s last data is not on the tablet: no check ran.' : null,
      offlineAsOf: offline.known ? offline.asOf : null,
    };
  }
  const current = key !== null && key === settledKey;
  const warnings: readonly AdministrationWarning[] = current && check.data ? check.data.warnings : [];
  return {
    warnings,
    checking: key !== null && (key !== settledKey || check.isFetching),
    problem: current && check.error ? check.error.message : null,
    offlineAsOf: null,
  };
}

/** The patient's last-read record, from the screens' own queries (kept for offline reading). */
function useLastKnown(admissionId: number | null, orderId: number | null): { known: LastKnown | null; asOf: number } {
  const trpc = useTRPC();
  const input = admissionId === null ? skipToken : { admissionId };
  const admission = useQuery(trpc.admissions.get.queryOptions(input));
  const doses = useQuery(trpc.medications.list.queryOptions(input));
  const scores = useQuery(trpc.assessments.list.queryOptions(input));
  const orders = useQuery(trpc.orders.list.queryOptions(input));
  const unitId = admission.data?.unitId;
  // Read while online too, so the protocol is on the tablet when the Wi-Fi goes.
  const protocol = useQuery(
    trpc.protocol.get.queryOptions(unitId === undefined ? skipToken : { unitId }, { staleTime: 5 * 60_000 }),
  );
  const units = useQuery(trpc.units.list.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const order = orders.data?.find((o) => o.id === orderId);
  const zone = units.data?.find((u) => u.id === unitId)?.timeZone;
  if (!admission.data || !doses.data || !scores.data || !order || !protocol.data || !zone)
    return { known: null, asOf: 0 };
  return {
    known: {
      admission: admission.data,
      doses: doses.data,
      scores: scores.data,
      order: order as MedicationOrder,
      protocol: protocol.data.protocol,
      zone,
    },
    asOf: Math.min(doses.dataUpdatedAt, scores.dataUpdatedAt, orders.dataUpdatedAt, protocol.dataUpdatedAt),
  };
}
