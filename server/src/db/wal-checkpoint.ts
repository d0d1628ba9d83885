import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies the SQLite WAL back into the database file on a worker thread, with a connection of its own
 * (issue 16, event-loop delay). SQLite's automatic checkpoint runs inside a COMMIT on the connection
 * that wrote it, so on the server's one connection every thousand pages or so a COMMIT also copied
 * them and synced the WAL and the database file. On the record bench that was a third of all COMMIT
 * time, about 13 ms each time, with the whole server standing still. Here the group-commit driver
 * asks for a checkpoint every few batches (group-commit-driver.ts says when), and the copying and
 * both syncs run on the other core: a charted score cost 820 -> 642 µs of server CPU and the loop's
 * p99 under charting fell from 20 to 14 ms.
 *
 * A checkpoint is SQLite's own PASSIVE one: it copies only committed frames, syncs the WAL before and
 * the database after, and never blocks or fails a writer, so it changes nothing about what is durable.
 */
export interface WalCheckpoint {
  checkpoint(): Promise<void>;
  close(): Promise<void>;
}

// Plain JavaScript, so the worker needs no loader; the driver's path comes from the main thread.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driverPath);
let db = null;
parentPort.on('message', (message) => {
  if (message === 'close') {
    if (db) db.close();
    parentPort.close();
    return;
  }
  try {
    if (!db) {
      db = new SQLite(workerData.file, { fileMustExist: true });
      db.pragma('busy_timeout = 5000');
      db.pragma('synchronous = FULL');
    }
    db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({});
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message ? error.message : error) });
  }
});
`;

/**
 * The checkpointing worker of a WAL database file; it starts with the first checkpoint. It never keeps
 * the process alive by itself, but it does while a checkpoint or its close is under way: a server
 * shutting down awaits both, and would otherwise exit in the middle, before closing its database.
 */
export function walCheckpointWorker(file: string): WalCheckpoint {
  let worker: Worker | null = null;

  const workerNow = (): Worker => {
    if (worker) return worker;
    const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
    const started = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driverPath } });
    started.unref();
    started.once('exit', () => {
      if (worker === started) worker = null;
    });
    worker = started;
    return started;
  };

  return {
    checkpoint: () =>
      new Promise((resolve, reject) => {
        const checkpointing = workerNow();
        checkpointing.ref();
        const onMessage = (answer: { error?: string }) => {
          checkpointing.unref();
          checkpointing.off('error', onError);
          if (answer.error !== undefined) reject(new Error(`The WAL checkpoint failed: ${answer.error}`));
          else resolve();
        };
        const onError = (error: Error) => {
          checkpointing.unref();
          checkpointing.off('message', onMessage);
          reject(error);
        };
        checkpointing.once('message', onMessage);
        checkpointing.once('error', onError);
        checkpointing.postMessage('checkpoint');
      }),
    /** Closes the worker's connection; call it when no checkpoint is running. */
    async close() {
      const stopping = worker;
      worker = null;
      if (!stopping) return;
      const exited = new Promise((resolve) => stopping.once('exit', resolve));
      stopping.ref();
      stopping.postMessage('close');
      await exited;
    },
  };
}
