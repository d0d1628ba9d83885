import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { OutboxEntry } from './outbox-entry.js';

/** What the tablet keeps between reloads (issue 13): the entries not yet delivered, and the last data read. */
interface OfflineSchema extends DBSchema {
  outbox: { key: string; value: OutboxEntry; indexes: { seq: number } };
  /** The last answers of the screens readable offline (query-persistence.ts), one row per signed-in user. */
  queryCache: { key: string; value: { userId: number; savedAt: number; state: unknown } };
}

const NAME = 'detox-offline';
let opening: Promise<IDBPDatabase<OfflineSchema>> | null = null;

export function offlineDb(): Promise<IDBPDatabase<OfflineSchema>> {
  opening ??= openDB<OfflineSchema>(NAME, 1, {
    upgrade(db) {
      db.createObjectStore('outbox', { keyPath: 'requestId' }).createIndex('seq', 'seq');
      db.createObjectStore('queryCache');
    },
  });
  return opening;
}
