import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints on a thread of their own (issue 16). SQLite copies the WAL back into the database
 * file every 1000 pages, inside the COMMIT that crosses the line, and syncs the database file while
 * doing it: on the server's one connection that COMMIT held the event loop for up to 350 ms under the
 * hospital load (every request in flight waited; it was the whole p99). Here the server's connection
 * runs with wal_autocheckpoint=0 and a worker thread with a connection of its own checkpoints every
 * second in PASSIVE mode, which never waits for, or blocks, the writer or the readers.
 *
 * Durability does not change: a commit is durable once the WAL holds it (the group commit's sync);
 * a checkpoint only moves pages the WAL already holds. If the worker stops, the server's connection
 * goes back to checkpointing itself, so the WAL cannot grow without bound.
 */

const INTERVAL_MS = 1000;

/** The worker: plain JavaScript, so it runs the same from the TypeScript sources and from the build. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
// SQLite's errors do not survive the trip to the main thread: their words are sent instead.
const fail = (error) => {
  parentPort.postMessage({ failed: String((error && error.message) || error) });
  process.exit(1);
};
let db;
try {
  db = new Database(workerData.file, { fileMustExist: true });
} catch (error) {
  fail(error);
}
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    fail(error);
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export interface WalCheckpointer {
  /** Checkpoints once more, closes the worker's connection and ends the thread. */
  stop(): Promise<void>;
}

/**
 * Starts checkpointing `file` off the main thread. `takeBack` runs if the worker stops on its own
 * (it should switch the server's connection back to automatic checkpoints).
 */
export function startWalCheckpointer(
  file: string,
  takeBack: (error: unknown) => void,
  intervalMs = INTERVAL_MS,
): WalCheckpointer {
  const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, betterSqlite3, intervalMs } });
  let stopping = false;
  let failure: unknown = null;
  worker.on('message', (message: { failed?: string }) => {
    if (message.failed) failure = new Error(message.failed);
  });
  worker.on('error', (error) => {
    failure ??= error;
  });
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      if (!stopping) takeBack(failure ?? new Error(`the WAL checkpoint thread stopped (exit code ${code})`));
      resolve();
    }),
  );
  // The thread must not keep a stopping server alive.
  worker.unref();
  return {
    async stop() {
      if (stopping) return exited;
      stopping = true;
      // Held again until it has closed: a stopping server waits for its last checkpoint.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
