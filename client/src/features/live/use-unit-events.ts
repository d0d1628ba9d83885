import { skipToken, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useRef } from 'react';
import { useTRPC } from '../../trpc.js';
import { type Changed, reread } from './reread.js';

/**
 * Keeps open screens current: when anyone records on the unit, the board and patient screens
 * refetch (events carry ids, never clinical values).
 *
 * `asOf` is the server's time the screen's data was read (census.board's, admissions.get's). The
 * stream opens once it is known and asks for what changed after it (`since`), so a record charted
 * between the read and the stream opening is not missed. The first one seen for the unit is kept: a
 * refetch's newer asOf would reopen the stream every minute.
 */
export function useUnitEvents(unitId: number | undefined, asOf: string | undefined) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const since = useFirstAsOf(unitId, asOf);
  const stream = unitId === undefined || since === undefined ? undefined : { unitId, since };
  const streamKey = stream ? `${stream.unitId} ${stream.since}` : null;
  const startedFor = useRef<string | null>(null);

  // Events come in bursts (the missed ones, sent together after `since`; an order set's orders), and
  // invalidating a query already being refetched starts another fetch of it: a burst rereads once.
  const pending = useRef<{ changed: Changed; timer: ReturnType<typeof setTimeout> } | null>(null);
  const flush = () => {
    const burst = pending.current;
    if (!burst) return;
    clearTimeout(burst.timer);
    pending.current = null;
    reread(queryClient, trpc, burst.changed);
  };
  const changed = (what: number | 'unit') => {
    if (!pending.current) pending.current = { changed: new Set(), timer: setTimeout(flush, 0) };
    const burst = pending.current;
    if (what === 'unit') burst.changed = 'unit';
    else if (burst.changed !== 'unit') burst.changed.add(what);
  };
  // Leaving the screen: what was heard still marks the cached answers stale.
  useEffect(() => flush, []);

  return useSubscription(
    trpc.events.unit.subscriptionOptions(stream ?? skipToken, {
      onStarted: () => {
        // Started again after a dropped connection (a network blip, a server restart): events sent
        // in the gap were not heard.
        if (startedFor.current === streamKey) changed('unit');
        startedFor.current = streamKey;
      },
      // 'resync': the server could not name everything missed since `since`.
      onData: (event) => changed(event.kind === 'resync' ? 'unit' : event.admissionId),
    }),
  );
}

/** The first `asOf` seen for the unit; undefined until there is one. */
function useFirstAsOf(unitId: number | undefined, asOf: string | undefined): string | undefined {
  const first = useRef<{ unitId: number; asOf: string } | null>(null);
  // Set during render, without a second one: the same data gives the same answer, however often drawn.
  if (unitId !== undefined && asOf !== undefined && first.current?.unitId !== unitId) first.current = { unitId, asOf };
  return first.current && first.current.unitId === unitId ? first.current.asOf : undefined;
}
