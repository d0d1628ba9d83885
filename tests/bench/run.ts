/**
 * Runs the HTTP benches against the real server: `npx -y pnpm@10.34.9 bench [name…]` at the repo root.
 *
 * Each bench module gets its own server process on 127.0.0.1 with a fresh temp SQLite database,
 * prints a table and PASS/FAIL per target, and writes its figures to tests/artifacts/<artifact>.
 * Exit code: 0 all pass, 1 a target missed or a response was not a correct 2xx, 2 crash or timeout.
 *
 * Environment (defaults are the agreed method; change them only to try something locally):
 *   BENCH_CONNECTIONS=50  BENCH_DURATION_S=10  BENCH_WARMUP_S=2  BENCH_TIMEOUT_S=<whole-run limit>
 *   BENCH_PROFILE=1 (V8 CPU profile of each server into tests/artifacts/bench-profiles/)
 *   BENCH_SERVER_NODE_ARGS="…" (extra node flags for the server process)
 *   BENCH_PG_STATEMENTS=1 (hospital on PostgreSQL: the statements sent per answered request)
 *
 * `pnpm bench` runs this file under `node --no-memory-reducer` (tests/package.json). This process holds
 * about 100 MB of loaded code (Lighthouse, Playwright, the server's modules), and V8's memory reducer,
 * which compacts the heap of a thread that looks idle, did so in the middle of the hospital's window
 * (this thread only waits there while the load's thread works): 45 to 76 ms of marking here and on the
 * collector's helper threads, which took this process's CPU in that second from about 120 ms to 230
 * to 300 ms on the 2 cores the server shares, and that second's p90 to 48 and 119 ms in two runs on
 * PostgreSQL. Without the reducer, no full collection fell in the window (one run on each database).
 */
import os from 'node:os';
import { boardLcpBench } from './board-lcp.js';
import { censusBoardBench } from './census-board.js';
import { clientSizeBench } from './client-size.js';
import { firstLoadBench } from './first-load.js';
import { hospitalBench } from './hospital.js';
import { recordAssessmentBench } from './record-assessment.js';
import { multiInstanceBench } from './multi-instance.js';
import { measurementTable, targetLines, writeArtifact } from './report.js';
import { startBenchServer, stopAllBenchServers } from './server-process.js';
import { type MachineSpeed, measureMachineSpeed } from './machine-speed.js';
import { settle } from './settle.js';
import { shiftReportBench } from './shift-report.js';
import { startupBench } from './startup.js';
import { timelineBench } from './timeline.js';
import { type BenchConfig, type BenchModule, evaluateTarget } from './types.js';

/** Every bench, in run order. Add new modules here. */
const BENCHES: BenchModule[] = [
  recordAssessmentBench,
  shiftReportBench,
  censusBoardBench,
  timelineBench,
  hospitalBench,
  multiInstanceBench,
  clientSizeBench,
  boardLcpBench,
  firstLoadBench,
  startupBench,
];

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number; got "${raw}"`);
  return n;
}

const config: BenchConfig = {
  connections: numberFromEnv('BENCH_CONNECTIONS', 50),
  durationS: numberFromEnv('BENCH_DURATION_S', 10),
  warmupS: numberFromEnv('BENCH_WARMUP_S', 2),
};

// `--db sqlite|postgres` (or BENCH_DB) picks the database of the benches that can run on either (hospital).
const args = process.argv.slice(2);
const dbFlag = args.indexOf('--db');
if (dbFlag !== -1) {
  process.env.BENCH_DB = args[dbFlag + 1] ?? '';
  args.splice(dbFlag, 2);
}
const requested = args.filter((a) => !a.startsWith('-'));
const unknown = requested.filter((name) => !BENCHES.some((b) => b.name === name));
if (unknown.length > 0) {
  console.error(`Unknown bench ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
const selected = requested.length > 0 ? BENCHES.filter((b) => requested.includes(b.name)) : BENCHES;

// Bounded in time: server start, login (scrypt) and a few measurements each, with slack.
const timeoutS = numberFromEnv(
  'BENCH_TIMEOUT_S',
  selected.reduce((sum, b) => sum + (b.timeoutS ?? 90 + 4 * (config.durationS + config.warmupS)), 0),
);

async function abort(reason: string, code: number): Promise<never> {
  console.error(reason);
  await stopAllBenchServers();
  process.exit(code);
}

const watchdog = setTimeout(
  () => void abort(`Bench run exceeded BENCH_TIMEOUT_S=${timeoutS} s; stopping`, 2),
  timeoutS * 1000,
);
process.once('SIGINT', () => void abort('Interrupted (SIGINT); stopping the server', 130));
process.once('SIGTERM', () => void abort('Terminated (SIGTERM); stopping the server', 143));

function speedText(speed: MachineSpeed): string {
  const { fastest, slowest } = speed.roundTripUs;
  const sync = speed.diskSyncMs;
  return `JSON work ${speed.jsMs.toFixed(0)} ms, a round trip to another process ${fastest.toFixed(0)} to ${slowest.toFixed(0)} µs, a disk sync p50 ${sync.p50.toFixed(1)} / p99 ${sync.p99.toFixed(1)} / max ${sync.max.toFixed(1)} ms, a system call ${speed.syscallUs.toFixed(1)} µs`;
}

/** Says so when this process runs without the flag `pnpm bench` gives it (the comment at the top says why). */
function warnOfMemoryReducer(): void {
  if (process.execArgv.includes('--no-memory-reducer')) return;
  console.log(
    "warning: run as `pnpm bench` (node --no-memory-reducer): without the flag, V8 compacts this process's heap mid-window and the tail of loaded benches rises with it",
  );
}

async function runOne(module: BenchModule): Promise<boolean> {
  console.log(`\n== ${module.name}: ${module.title}`);
  console.log(
    `   ${config.connections} connections, ${config.warmupS} s warm-up + ${config.durationS} s measured per row`,
  );
  const quiet = await settle();
  if (!quiet.settled) {
    console.log(
      `   warning: the machine did not settle in ${quiet.waitedS.toFixed(0)} s (idle ${(quiet.lastIdleShare * 100).toFixed(0)} % in the last second); figures will be low and noisy`,
    );
  } else {
    console.log(`   the machine settled in ${quiet.waitedS.toFixed(0)} s`);
  }
  const speedBefore = await measureMachineSpeed();
  console.log(`   machine speed: ${speedText(speedBefore)} (machine-speed.ts)`);
  const startedAt = new Date();
  const loadBefore = os.loadavg()[0] ?? 0;
  const server = await startBenchServer(module.server);
  try {
    console.log(`   server pid ${server.pid} at ${server.url}, database ${server.sqlitePath}`);
    const outcome = await module.run({ server, config, log: (m) => console.log(`   ${m}`) });
    // Again at the end: the machine's speed has changed within one bench's minutes.
    const speedAfter = await measureMachineSpeed();
    console.log(`   machine speed at the end: ${speedText(speedAfter)}`);
    const targets = outcome.targets.map(evaluateTarget);
    const file = writeArtifact(module, config, outcome, targets, {
      startedAt,
      finishedAt: new Date(),
      loadBefore,
      speed: { before: speedBefore, after: speedAfter },
    });

    console.log();
    if (outcome.measurements.length > 0) console.log(measurementTable(outcome.measurements));
    console.log();
    for (const [name, value] of Object.entries(outcome.derived)) console.log(`${name}: ${value.toFixed(2)}`);
    for (const line of targetLines(targets)) console.log(line);
    for (const problem of outcome.problems) console.log(`FAIL  ${problem}`);
    console.log(`figures written to ${file}`);
    return outcome.problems.length === 0 && targets.every((t) => t.pass);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    throw new Error(
      `${module.name} failed: ${message}\n--- server output (last 4000 characters) ---\n${server.output().slice(-4000)}`,
    );
  } finally {
    await server.stop();
  }
}

warnOfMemoryReducer();
let allPassed = true;
try {
  for (const module of selected) {
    if (!(await runOne(module))) allPassed = false;
  }
} catch (error) {
  clearTimeout(watchdog);
  await abort(`Bench crashed: ${error instanceof Error ? error.message : String(error)}`, 2);
}
clearTimeout(watchdog);
console.log(`\n${allPassed ? 'PASS' : 'FAIL'}: ${selected.length} bench${selected.length === 1 ? '' : 'es'}`);
process.exit(allPassed ? 0 : 1);
