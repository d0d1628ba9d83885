import { existsSync } from 'node:fs';
import path from 'node:path';
import { clientBuild } from './client-build.js';
import { type LighthouseFigures, lighthousePerformance } from './lighthouse-run.js';
import { ARTIFACTS_DIR, type BenchServer, startBenchServer } from './server-process.js';
import { login } from './trpc-client.js';
import type { BenchModule } from './types.js';

const LIMIT_SCORE = 95;

/** Which build to measure: the current sources (default), or BENCH_CLIENT_DIST, to compare with an older build. */
async function buildToMeasure(log: (m: string) => void): Promise<string> {
  const given = process.env.BENCH_CLIENT_DIST;
  if (given) {
    const dist = path.resolve(given);
    if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`BENCH_CLIENT_DIST=${given} has no index.html`);
    log(`client build: BENCH_CLIENT_DIST (${dist})`);
    return dist;
  }
  const build = await clientBuild(log);
  log(`client build: ${build.how}${build.buildMs ? ` in ${(build.buildMs / 1000).toFixed(1)} s` : ''} (${build.dist})`);
  return build.dist;
}

/** The run with the median performance score (the lower middle one for an even count). */
function medianRun(runs: LighthouseFigures[]): LighthouseFigures {
  const sorted = [...runs].sort((a, b) => a.performance - b.performance);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!median) throw new Error('no Lighthouse runs');
  return median;
}

function describe(name: string, f: LighthouseFigures): string[] {
  return [
    `${name}: performance ${f.performance}; FCP ${f.fcpMs.toFixed(0)} ms, LCP ${f.lcpMs.toFixed(0)} ms, TBT ${f.tbtMs.toFixed(0)} ms, CLS ${f.cls.toFixed(3)}, Speed Index ${f.speedIndexMs.toFixed(0)} ms`,
    `${name}: transferred ${f.transferKiB.toFixed(1)} KiB, of which JavaScript ${f.scriptTransferKiB.toFixed(1)} KiB (${f.scriptFiles} file(s), ${f.scriptResourceKiB.toFixed(1)} KiB uncompressed); compression would save ${f.compressionSavingsKiB.toFixed(1)} KiB, unused JavaScript ${f.unusedJsKiB.toFixed(1)} KiB`,
    ...(f.lcpElement ? [`${name}: LCP element ${f.lcpElement}`] : []),
    ...f.warnings.map((w) => `${name}: Lighthouse warning: ${w}`),
  ];
}

/**
 * The first load as Lighthouse's default mobile preset sees it (simulated slow 4G, 4x CPU slowdown),
 * on the production build served by the production server: the login page (`/`, nobody logged in)
 * and the census board (`/` with a physician's session cookie on every request), 3 runs each
 * (BENCH_LIGHTHOUSE_RUNS), the median run reported. Target: performance >= 95 on each.
 * BENCH_CLIENT_DIST=<folder> measures another build (an older one, to compare) with today's server. Also printed: LCP, bytes transferred, JavaScript on the page, and what
 * Lighthouse says compression and unused JavaScript would still save.
 */
export const firstLoadBench: BenchModule = {
  name: 'first-load',
  title: 'Lighthouse performance (default mobile preset) of the login page and the census board',
  artifact: 'bench-first-load.json',
  server: { seed: 'none' },
  // A build, two servers, and 2 × 3 Lighthouse runs of 15–40 s each on a busy machine.
  timeoutS: 600,
  async run({ log }) {
    log("the framework's server is not used: a demo server serving the built client follows");
    const dist = await buildToMeasure(log);
    let server: BenchServer | null = null;
    try {
      server = await startBenchServer({ seed: 'demo', env: { CLIENT_DIST: dist } });
      log(`server pid ${server.pid} at ${server.url}`);
      const cookie = await login(server.url, 'physician', 'demo-physician');
      // Lighthouse's own advice: the median of several runs, as one run varies by several points.
      const runs = Math.max(1, Math.round(Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3)));
      const logins: LighthouseFigures[] = [];
      const boards: LighthouseFigures[] = [];
      for (let i = 0; i < runs; i++) {
        const [loginRun, boardRun] = await lighthousePerformance([
          { url: `${server.url}/`, reportFile: path.join(ARTIFACTS_DIR, `lighthouse-login-${i + 1}.json`) },
          { url: `${server.url}/`, cookie, reportFile: path.join(ARTIFACTS_DIR, `lighthouse-board-${i + 1}.json`) },
        ]);
        if (!loginRun || !boardRun) throw new Error('Lighthouse did not measure both pages');
        log(
          `run ${i + 1} of ${runs}: login page ${loginRun.performance} (LCP ${loginRun.lcpMs.toFixed(0)} ms, TBT ${loginRun.tbtMs.toFixed(0)} ms), census board ${boardRun.performance} (LCP ${boardRun.lcpMs.toFixed(0)} ms, TBT ${boardRun.tbtMs.toFixed(0)} ms)`,
        );
        logins.push(loginRun);
        boards.push(boardRun);
      }
      log(`full reports: tests/artifacts/lighthouse-{login,board}-N.json (open in the Lighthouse viewer)`);
      const loginPage = medianRun(logins);
      const board = medianRun(boards);
      log(`median of ${runs} run(s):`);
      for (const line of [...describe('login page', loginPage), ...describe('census board', board)]) log(line);
      const derived: Record<string, number> = {};
      for (const [name, f] of [
        ['login page', loginPage],
        ['census board', board],
      ] as const) {
        derived[`${name} performance (median run)`] = f.performance;
        derived[`${name} LCP ms`] = f.lcpMs;
        derived[`${name} FCP ms`] = f.fcpMs;
        derived[`${name} TBT ms`] = f.tbtMs;
        derived[`${name} transferred KiB`] = f.transferKiB;
        derived[`${name} JavaScript transferred KiB`] = f.scriptTransferKiB;
        derived[`${name} JavaScript uncompressed KiB`] = f.scriptResourceKiB;
        derived[`${name} compression savings left KiB`] = f.compressionSavingsKiB;
        derived[`${name} unused JavaScript KiB`] = f.unusedJsKiB;
      }
      return {
        measurements: [],
        derived,
        targets: [
          {
            name: 'login page, Lighthouse performance (mobile)',
            actual: loginPage.performance,
            comparison: '>=',
            limit: LIMIT_SCORE,
            unit: '',
          },
          {
            name: 'census board, Lighthouse performance (mobile)',
            actual: board.performance,
            comparison: '>=',
            limit: LIMIT_SCORE,
            unit: '',
          },
        ],
        problems: [],
      };
    } finally {
      await server?.stop();
    }
  },
};
