import { type LoadFigures, loadProblems, measureLoad } from './load.js';
import { seedLargeUnit } from './large-unit.js';
import { login, queryUrl, trpcQuery } from './trpc-client.js';
import type { BenchModule, Target } from './types.js';

/**
 * The shift report of a 40-bed unit on a large database (3,000 past stays, about 100,000 scores and
 * 90,000 doses), one request at a time: what a charge nurse waits for. Targets: the report's data
 * (reports.shift) in 50 ms, the CSV in 100 ms, the PDF in 1 s, each at the median over HTTP, the
 * audit row's fsync included. One connection, because these are latencies of a single request, not
 * throughput under load (BENCH_CONNECTIONS does not apply here).
 */
export const shiftReportBench: BenchModule = {
  name: 'shift-report',
  title: 'shift report of a 40-bed unit: data, CSV, PDF',
  artifact: 'bench-shift-report.json',
  server: { seed: 'demo' },
  async run({ server, config, log }) {
    const started = Date.now();
    const unit = seedLargeUnit(server.sqlitePath, { beds: 40, pastAdmissions: 3000, now: new Date() });
    log(
      `seeded unit ${unit.unitId}: 40 beds, ${unit.assessments} scores and ${unit.administrations} doses in ${Date.now() - started} ms`,
    );
    const cookie = await login(server.url, 'nurse', 'demo-nurse');
    // The last complete shift: the same records on every request.
    const current = await trpcQuery<{ window: { previousShiftStart: string }; patients: unknown[] }>(
      server.url,
      cookie,
      'reports.shift',
      { unitId: unit.unitId },
    );
    const shiftStart = current.window.previousShiftStart;
    log(`current shift has ${current.patients.length} patients; measuring the shift starting ${shiftStart}`);
    const single = { ...config, connections: 1 };
    const query = `unitId=${unit.unitId}&shiftStart=${encodeURIComponent(shiftStart)}`;

    const measurements: LoadFigures[] = [];
    const specs = [
      {
        name: 'data',
        description: 'GET /trpc/reports.shift (40 beds)',
        url: queryUrl(server.url, 'reports.shift', { unitId: unit.unitId, shiftStart }),
        verify: (b: string) => b.includes('"census":40'),
        limit: 50,
      },
      {
        name: 'csv',
        description: 'GET /reports/shift.csv (40 beds)',
        url: `${server.url}/reports/shift.csv?${query}`,
        verify: (b: string) => b.includes('unit,shift_start,shift_end,bed'),
        limit: 100,
      },
      {
        name: 'pdf',
        description: 'GET /reports/shift.pdf (40 beds)',
        url: `${server.url}/reports/shift.pdf?${query}`,
        verify: (b: string) => b.startsWith('%PDF-'),
        limit: 1000,
      },
    ];
    const targets: Target[] = [];
    for (const spec of specs) {
      const figures = await measureLoad(
        {
          name: spec.name,
          description: spec.description,
          url: spec.url,
          method: 'GET',
          headers: { cookie },
          verifyBody: spec.verify,
        },
        single,
        server,
      );
      log(`${spec.name}: p50 ${figures.latencyMs.p50} ms, p99 ${figures.latencyMs.p99} ms`);
      measurements.push(figures);
      targets.push({
        name: `${spec.name} p50 latency`,
        actual: figures.latencyMs.p50,
        comparison: '<=',
        limit: spec.limit,
        unit: 'ms',
      });
    }
    return { measurements, derived: {}, targets, problems: measurements.flatMap(loadProblems) };
  },
};
