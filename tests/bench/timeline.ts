import { type LoadFigures, loadProblems, measureLoad } from './load.js';
import { sequentialRounds, serverOn } from './census-board.js';
import { BENCH_USERS, LARGE_DB, type PreparedBenchDb, prepareBenchDb } from './seed-large.js';
import { measureSequential, percentileLines } from './sequential.js';
import type { BenchServer } from './server-process.js';
import { login, queryUrl, trpcQuery } from './trpc-client.js';
import type { BenchModule, Target } from './types.js';

interface TimelineData {
  assessments: unknown[];
  medications: unknown[];
  vitals: unknown[];
  taper: unknown[];
}

/**
 * The patient chart's data (timeline.get) for a 10-day stay on the 2-million-assessment database:
 * the busiest such buprenorphine stay of the bench unit (tests/bench/seed-large.ts), with q4h COWS
 * and vitals, the reassessments an hour after PRN doses, the induction and the taper with its plan,
 * and the comfort medications. One request at a time from a logged-in physician; p99 <= 10 ms.
 * Then 2 connections with autocannon (reported, no target). The framework's own server is not
 * used: this bench starts one on a copy of the large bench database.
 */
export const timelineBench: BenchModule = {
  name: 'timeline',
  title: 'timeline.get of a 10-day stay on a 2M-assessment database',
  artifact: 'bench-timeline.json',
  server: { seed: 'none' },
  async run({ config, log }) {
    log("the framework's server is not used: one server on the large bench database follows");
    let db: PreparedBenchDb | null = null;
    let server: BenchServer | null = null;
    try {
      db = await prepareBenchDb(LARGE_DB, log);
      const stay = db.info.timelineAdmission;
      if (!stay) throw new Error('the large bench database has no 10-day stay on the bench unit');
      server = await serverOn(db);
      log(
        `server pid ${server.pid} at ${server.url}; ${db.info.history.assessments + db.present.assessments} assessments in the database`,
      );
      const cookie = await login(server.url, BENCH_USERS.physician.username, BENCH_USERS.physician.password);
      const input = { admissionId: stay.id };
      const probe = await trpcQuery<TimelineData>(server.url, cookie, 'timeline.get', input);
      log(
        `admission ${stay.id}: ${stay.days} days, ${probe.assessments.length} scores, ${probe.vitals.length} vitals, ${probe.medications.length} doses, ${probe.taper.length} taper days (corrected rows left out)`,
      );
      if (probe.assessments.length < 60)
        throw new Error(
          `admission ${stay.id} has ${probe.assessments.length} scores; a 10-day q4h stay has at least 60`,
        );
      const expected = probe.assessments.length;
      const verify = (body: string) =>
        (JSON.parse(body) as { result?: { data?: TimelineData } }).result?.data?.assessments.length === expected;
      const url = queryUrl(server.url, 'timeline.get', input);

      const { rounds, warmup } = sequentialRounds();
      log(`sequential: ${warmup} warm-up + ${rounds} measured requests`);
      const activeServer = server;
      const [sequential] = await measureSequential(
        [
          {
            name: 'sequential',
            description: `GET /trpc/timeline.get, 1 at a time (${stay.days}-day stay, large database)`,
            url,
            headers: { cookie },
            verifyBody: verify,
            serverCpuTimeMs: activeServer.cpuTimeMs,
          },
        ],
        { rounds, warmup },
      );
      if (!sequential) throw new Error('no sequential figures');
      for (const line of percentileLines([sequential])) log(line);
      const measurements: LoadFigures[] = [sequential.figures];
      const problems = sequential.failures.map((f) => `sequential: ${f}`);
      const connections = Number(process.env.BENCH_TIMELINE_CONNECTIONS ?? 2);
      if (connections > 0) {
        const figures = await measureLoad(
          {
            name: `c${connections}`,
            description: `GET /trpc/timeline.get, autocannon ${connections} connections`,
            url,
            method: 'GET',
            headers: { cookie },
            verifyBody: verify,
          },
          { ...config, connections },
          activeServer,
        );
        log(
          `${figures.name}: ${figures.requestsPerSec.toFixed(0)} req/s, p50 ${figures.latencyMs.p50} ms, p99 ${figures.latencyMs.p99} ms`,
        );
        measurements.push(figures);
        problems.push(...loadProblems(figures));
      }
      const targets: Target[] = [
        {
          name: 'timeline.get p99 latency (sequential)',
          actual: sequential.percentiles.p99,
          comparison: '<=',
          limit: 10,
          unit: 'ms',
        },
      ];
      return {
        measurements,
        derived: {
          'p50 ms': sequential.percentiles.p50,
          'p95 ms': sequential.percentiles.p95,
          'p99 ms': sequential.percentiles.p99,
          scores: probe.assessments.length,
          doses: probe.medications.length,
          'taper days': probe.taper.length,
        },
        targets,
        problems,
      };
    } finally {
      await server?.stop();
      db?.cleanup();
    }
  },
};
