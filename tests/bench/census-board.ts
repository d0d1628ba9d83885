import { type LoadFigures, loadProblems, measureLoad } from './load.js';
import { BENCH_USERS, LARGE_DB, type PreparedBenchDb, SMALL_DB, prepareBenchDb } from './seed-large.js';
import { measureSequential, percentileLines } from './sequential.js';
import { type BenchServer, startBenchServer } from './server-process.js';
import { login, queryUrl, trpcQuery } from './trpc-client.js';
import type { BenchModule, Target } from './types.js';

/**
 * Rounds of sequential requests (after warm-up), per database; env only to shorten a local try.
 * 3,000, not 300: a p99 of 300 is their 3rd slowest. In a full `pnpm bench` the timeline's was 12.9 ms
 * (FAIL) and, minutes later on the same clone and in the same order, 4.5 ms; the first run fell in
 * a slow phase of the VM (a fixed CPU loop took 1.70 s, against 1.43 s for the second).
 */
export function sequentialRounds(): { rounds: number; warmup: number } {
  const rounds = Number(process.env.BENCH_SEQUENTIAL_ROUNDS ?? 3000);
  const warmup = Number(process.env.BENCH_SEQUENTIAL_WARMUP ?? 50);
  if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(warmup) || warmup < 0)
    throw new Error('BENCH_SEQUENTIAL_ROUNDS and BENCH_SEQUENTIAL_WARMUP must be whole numbers');
  return { rounds, warmup };
}

interface Board {
  unit: { id: number; beds: string[] };
  rows: { admissionId: number; latestScore: unknown; lastDoses: unknown[] }[];
}

/** Starts a server on a prepared bench database (the copy is the server's; it is removed by cleanup). */
export async function serverOn(db: PreparedBenchDb): Promise<BenchServer> {
  return startBenchServer({ seed: 'none', env: { DATABASE_URL: db.file }, startTimeoutMs: 90_000 });
}

/**
 * The census board of a 40-bed unit whose every bed is occupied (q4h history since admission), on a
 * database of about 2 million assessments (20 units, a year of stays) and on one of about 10,000
 * (one unit, a month), one request at a time from a logged-in physician, the two interleaved. The
 * board must not slow down as the history grows: p99 <= 20 ms on the large one, and at most 1.5 x
 * the small one's p99. Then the same at 2 connections with autocannon (reported, no target).
 *
 * The framework's own server (fresh demo database) is not used: this bench starts one server on a
 * copy of each bench database (tests/bench/seed-large.ts; the first run builds and caches them).
 */
export const censusBoardBench: BenchModule = {
  name: 'census-board',
  title: 'census.board (40 occupied beds) on a 2M-assessment database vs a 10k one',
  artifact: 'bench-census-board.json',
  server: { seed: 'none' },
  async run({ config, log }) {
    log("the framework's server is not used: one server per bench database follows");
    const databases: PreparedBenchDb[] = [];
    const servers: BenchServer[] = [];
    try {
      for (const scale of [LARGE_DB, SMALL_DB]) databases.push(await prepareBenchDb(scale, log));
      const [large, small] = databases as [PreparedBenchDb, PreparedBenchDb];
      for (const db of databases) servers.push(await serverOn(db));
      const [largeServer, smallServer] = servers as [BenchServer, BenchServer];
      for (const [db, server] of [
        [large, largeServer],
        [small, smallServer],
      ] as const) {
        log(
          `${db.info.scale.name}: server pid ${server.pid} at ${server.url}; ${db.info.history.assessments + db.present.assessments} assessments, ${db.info.history.administrations + db.present.administrations} doses, ${db.info.history.admissions + db.present.admissions} admissions`,
        );
      }

      const setups = [];
      for (const [db, server] of [
        [large, largeServer],
        [small, smallServer],
      ] as const) {
        const cookie = await login(server.url, BENCH_USERS.physician.username, BENCH_USERS.physician.password);
        const unitId = db.info.benchUnitId;
        const board = await trpcQuery<Board>(server.url, cookie, 'census.board', { unitId });
        const scored = board.rows.filter((r) => r.latestScore !== null).length;
        log(
          `${db.info.scale.name}: unit ${unitId} board has ${board.rows.length} rows (${scored} with a score) of ${board.unit.beds.length} beds`,
        );
        if (board.rows.length !== 40)
          throw new Error(`the ${db.info.scale.name} bench unit has ${board.rows.length} occupied beds; expected 40`);
        setups.push({ db, server, cookie, url: queryUrl(server.url, 'census.board', { unitId }) });
      }

      const verify = (body: string) => {
        const rows = (JSON.parse(body) as { result?: { data?: Board } }).result?.data?.rows;
        return Array.isArray(rows) && rows.length === 40;
      };
      const { rounds, warmup } = sequentialRounds();
      log(`sequential: ${warmup} warm-up + ${rounds} measured requests per database, interleaved`);
      const sequential = await measureSequential(
        setups.map((s) => ({
          name: `${s.db.info.scale.name}`,
          description: `GET /trpc/census.board, 1 at a time (${s.db.info.scale.name} database)`,
          url: s.url,
          headers: { cookie: s.cookie },
          verifyBody: verify,
          serverCpuTimeMs: s.server.cpuTimeMs,
        })),
        { rounds, warmup },
      );
      for (const line of percentileLines(sequential)) log(line);
      const [largeSeq, smallSeq] = sequential as [(typeof sequential)[number], (typeof sequential)[number]];
      const problems = sequential.flatMap((s) => s.failures.map((f) => `${s.figures.name}: ${f}`));

      const measurements: LoadFigures[] = sequential.map((s) => s.figures);
      const connections = Number(process.env.BENCH_CENSUS_CONNECTIONS ?? 2);
      if (connections > 0) {
        for (const s of setups) {
          const figures = await measureLoad(
            {
              name: `${s.db.info.scale.name}-c${connections}`,
              description: `GET /trpc/census.board, autocannon ${connections} connections (${s.db.info.scale.name} database)`,
              url: s.url,
              method: 'GET',
              headers: { cookie: s.cookie },
              verifyBody: verify,
            },
            { ...config, connections },
            s.server,
          );
          log(
            `${figures.name}: ${figures.requestsPerSec.toFixed(0)} req/s, p50 ${figures.latencyMs.p50} ms, p99 ${figures.latencyMs.p99} ms`,
          );
          measurements.push(figures);
          problems.push(...loadProblems(figures));
        }
      }

      const ratio = largeSeq.percentiles.p99 / smallSeq.percentiles.p99;
      const targets: Target[] = [
        {
          name: 'large database p99 latency (sequential)',
          actual: largeSeq.percentiles.p99,
          comparison: '<=',
          limit: 20,
          unit: 'ms',
        },
        { name: 'large p99 / small p99', actual: ratio, comparison: '<=', limit: 1.5, unit: '' },
      ];
      return {
        measurements,
        derived: {
          'large p50 ms': largeSeq.percentiles.p50,
          'large p95 ms': largeSeq.percentiles.p95,
          'large p99 ms': largeSeq.percentiles.p99,
          'small p50 ms': smallSeq.percentiles.p50,
          'small p95 ms': smallSeq.percentiles.p95,
          'small p99 ms': smallSeq.percentiles.p99,
          'large/small p50': largeSeq.percentiles.p50 / smallSeq.percentiles.p50,
          'large/small p99': ratio,
          'large assessments': large.info.history.assessments + large.present.assessments,
          'small assessments': small.info.history.assessments + small.present.assessments,
          'large database build s (0 = cached)': large.ms.build / 1000,
        },
        targets,
        problems,
      };
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      for (const db of databases) db.cleanup();
    }
  },
};
