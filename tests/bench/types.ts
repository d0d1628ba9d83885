import type { LoadFigures } from './load.js';
import type { BenchServer, BenchServerOptions } from './server-process.js';

/** Settings shared by every bench; the defaults are the agreed method, env vars only shorten runs locally. */
export interface BenchConfig {
  /** Concurrent HTTP connections (autocannon). */
  connections: number;
  /** Seconds of load that are measured, per measurement. */
  durationS: number;
  /** Seconds of load before each measurement that are thrown away (JIT, caches, SQLite page cache). */
  warmupS: number;
}

export interface BenchContext {
  server: BenchServer;
  config: BenchConfig;
  log: (message: string) => void;
}

/** A figure compared with a limit, e.g. "record p99 <= 20 ms". */
export interface Target {
  name: string;
  actual: number;
  comparison: '>=' | '<=';
  limit: number;
  unit: string;
}

export interface TargetResult extends Target {
  pass: boolean;
}

export interface BenchOutcome {
  /** One row per load measurement, printed as the table. */
  measurements: LoadFigures[];
  /** Figures computed from the measurements (ratios…), printed under the table. */
  derived: Record<string, number>;
  targets: Target[];
  /** Anything that makes the run invalid regardless of the targets (non-2xx responses, wrong bodies). */
  problems: string[];
}

export interface BenchModule {
  /** Short id, used on the command line (`pnpm bench record-assessment`). */
  name: string;
  title: string;
  /** File name under tests/artifacts/ that receives the figures as JSON. */
  artifact: string;
  /** How the server under test is started; every bench gets its own server and fresh database. */
  server?: BenchServerOptions;
  /** Seconds this bench may take, where the default run limit (90 s + 4 rows of load) does not fit it. */
  timeoutS?: number;
  run(context: BenchContext): Promise<BenchOutcome>;
}

export function evaluateTarget(target: Target): TargetResult {
  const pass = target.comparison === '>=' ? target.actual >= target.limit : target.actual <= target.limit;
  return { ...target, pass };
}
