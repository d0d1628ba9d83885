import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { installProductionBuild } from '../support/production-install.js';
import { type StartedServer, startServer } from '../support/server.js';
import type { BenchModule } from './types.js';

const RESTARTS = 5;

/** Starts the production build once and resolves with the milliseconds from spawning node to /readyz answering 200. */
async function timeToReady(entry: string, cwd: string, databaseUrl: string, seed: 'demo' | 'none'): Promise<number> {
  const spawned = performance.now();
  let server: StartedServer | null = null;
  try {
    server = await startServer({ entry, cwd, databaseUrl, seed, env: { NODE_ENV: 'production' } });
    for (;;) {
      const ready = await fetch(`${server.url}/readyz`);
      if (ready.status === 200) return performance.now() - spawned;
      if (performance.now() - spawned > 60_000) throw new Error(`/readyz still answers ${ready.status} after 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    await server?.stop();
  }
}

/**
 * Startup of the production build (issue 16, item 6): the compiled server (server/build.mjs) run with
 * plain `node` and NODE_ENV=production, timed from spawning the process to /readyz answering 200.
 * First on an empty SQLite file (migrations and the demo unit), then restarts on that database, as
 * a rolling upgrade restarts an instance. Printed, no target: the issue asks for the figure.
 */
export const startupBench: BenchModule = {
  name: 'startup',
  title: 'production build: time from node to ready',
  artifact: 'bench-startup.json',
  server: { seed: 'none' },
  timeoutS: 300,
  async run({ log }) {
    log("the framework's server is not used: the production build is installed and started below");
    const root = mkdtempSync(path.join(tmpdir(), 'detox-startup-'));
    try {
      const built = performance.now();
      const install = await installProductionBuild(root);
      log(`production build installed in ${((performance.now() - built) / 1000).toFixed(1)} s (${root})`);
      const databaseUrl = path.join(root, 'data', 'detox.sqlite');
      const first = await timeToReady(install.serverEntry, root, databaseUrl, 'demo');
      log(`first start (empty database: migrations and the demo unit): ${first.toFixed(0)} ms`);
      const restarts: number[] = [];
      for (let i = 0; i < RESTARTS; i++)
        restarts.push(await timeToReady(install.serverEntry, root, databaseUrl, 'demo'));
      restarts.sort((a, b) => a - b);
      log(`restarts on that database: ${restarts.map((ms) => ms.toFixed(0)).join(', ')} ms`);
      return {
        measurements: [],
        derived: {
          'first start to ready ms (empty database)': first,
          'restart to ready ms, median': restarts[Math.floor(RESTARTS / 2)] ?? Number.NaN,
          'restart to ready ms, slowest': restarts[RESTARTS - 1] ?? Number.NaN,
        },
        targets: [],
        problems: [],
      };
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
