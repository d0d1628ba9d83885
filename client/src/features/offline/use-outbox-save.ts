import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTRPC } from '../../trpc.js';
import { type SaveResult, saveOrQueue } from './offline-save.js';
import type { OutboxWrite } from './outbox-entry.js';

/** The forms' Save: sent now, or queued on the tablet under the signed-in user when the server cannot be reached. */
export function useOutboxSave(admissionId: number): (write: OutboxWrite) => Promise<SaveResult> {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const user = me.data ? { id: me.data.id, name: me.data.name } : null;
  const userId = user?.id;
  const userName = user?.name;
  return useCallback(
    (write: OutboxWrite) => {
      if (userId === undefined || userName === undefined) throw new Error('Not logged in: log in again to save.');
      return saveOrQueue(write, { admissionId, user: { id: userId, name: userName } });
    },
    [admissionId, userId, userName],
  );
}
