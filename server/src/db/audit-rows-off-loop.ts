import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';

/**
 * Counts the audit trail's rows of a SQLite file on a worker thread, with a read-only connection of
 * its own. Every read of patient data is audited, so a year-old database holds tens of millions of
 * rows, and `count(*)` over them on the server's connection would hold the event loop (every request,
 * every event stream) for hundreds of milliseconds at each /metrics scrape. The count stays a real
 * count, not the last id: the alert on `detox_audit_chain_length` going down must see deleted rows.
 *
 * The worker starts with the first count and stays (unref'd: it never keeps the process alive);
 * counts asked for while one runs share it.
 */
export interface AuditRowCounter {
  count(): Promise<number>;
  close(): Promise<void>;
}

// Plain JavaScript, so the worker needs no loader; the driver's path comes from the main thread.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driverPath);
let count = null;
parentPort.on('message', () => {
  try {
    count ??= new SQLite(workerData.file, { readonly: true, fileMustExist: true })
      .prepare('select count(*) as n from audit_event')
      .pluck();
    parentPort.postMessage({ rows: count.get() });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message ? error.message : error) });
  }
});
`;

export function auditRowCounter(file: string): AuditRowCounter {
  let worker: Worker | null = null;
  let running: Promise<number> | null = null;

  const workerNow = (): Worker => {
    if (worker) return worker;
    const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
    const started = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driverPath } });
    started.unref();
    // A worker that failed (the file vanished) is replaced at the next count.
    started.once('exit', () => {
      if (worker === started) worker = null;
    });
    worker = started;
    return started;
  };

  const countOnce = (): Promise<number> =>
    new Promise<number>((resolve, reject) => {
      const counting = workerNow();
      const onMessage = (answer: { rows?: number; error?: string }) => {
        counting.off('error', onError);
        if (answer.error !== undefined) reject(new Error(`Counting the audit trail failed: ${answer.error}`));
        else resolve(Number(answer.rows));
      };
      const onError = (error: Error) => {
        counting.off('message', onMessage);
        reject(error);
      };
      counting.once('message', onMessage);
      counting.once('error', onError);
      counting.postMessage('count');
    });

  return {
    count() {
      running ??= countOnce().finally(() => {
        running = null;
      });
      return running;
    },
    async close() {
      const stopping = worker;
      worker = null;
      await stopping?.terminate();
    },
  };
}

/**
 * Counts on the handle's own connection: for PostgreSQL, which counts on its own server (the await
 * does not hold this event loop), and for a SQLite database in memory, which no worker can open.
 */
export function auditRowsCountedOn(db: Kysely<Database>): AuditRowCounter {
  return { count: () => countAuditRows(db), close: async () => undefined };
}

export async function countAuditRows(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
