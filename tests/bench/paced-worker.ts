import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { type PacedStream, runPaced } from './paced-load.js';

/**
 * The paced load's own thread (paced-load.ts, measurePaced): the warm-up, then, once the parent says
 * the window starts, the measured run with this thread's event-loop delay.
 */
export interface PacedWorkerData {
  baseUrl: string;
  streams: PacedStream[];
  warmupS: number;
  durationS: number;
}

const port = parentPort;
if (!port) throw new Error('paced-worker.ts runs as a worker thread of measurePaced');
const { baseUrl, streams, warmupS, durationS } = workerData as PacedWorkerData;

const warm = await runPaced(baseUrl, streams, warmupS);
port.postMessage({ warm });
await new Promise((resolve) => port.once('message', resolve));
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const results = await runPaced(baseUrl, streams, durationS);
loop.disable();
port.postMessage({ results, loopMs: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 } });
