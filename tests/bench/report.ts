import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoadFigures } from './load.js';
import type { MachineSpeed } from './machine-speed.js';
import { ARTIFACTS_DIR } from './server-process.js';
import type { BenchConfig, BenchModule, BenchOutcome, TargetResult } from './types.js';

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r, rowIndex) => {
      const line = r
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join('  ');
      return rowIndex === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

function formatNumber(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : String(n);
}

export function measurementTable(measurements: LoadFigures[]): string {
  return table([
    [
      'bench',
      'req/s',
      'p50 ms',
      'p99 ms',
      'max ms',
      'srv CPU µs/req',
      'srv CPU %',
      'loop p99 ms',
      '2xx',
      'non-2xx',
      'errors',
      'what',
    ],
    ...measurements.map((m) => [
      m.name,
      formatNumber(m.requestsPerSec, 0),
      formatNumber(m.latencyMs.p50),
      formatNumber(m.latencyMs.p99),
      formatNumber(m.latencyMs.max),
      m.serverCpuUsPerRequest === null ? '-' : formatNumber(m.serverCpuUsPerRequest, 0),
      m.serverCpuShare === null ? '-' : formatNumber(m.serverCpuShare * 100, 0),
      m.eventLoopDelayP99Ms === null ? '-' : formatNumber(m.eventLoopDelayP99Ms),
      String(m.ok2xx),
      String(m.non2xx + m.warmup.non2xx),
      String(m.errors + m.warmup.errors + m.mismatches + m.warmup.mismatches),
      m.description,
    ]),
  ]);
}

export function targetLines(targets: TargetResult[]): string[] {
  return targets.map(
    (t) =>
      `${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${formatNumber(t.actual, t.unit ? 1 : 2)}${t.unit ? ` ${t.unit}` : ''} (target ${t.comparison} ${t.limit}${t.unit ? ` ${t.unit}` : ''})`,
  );
}

export interface BenchReport {
  bench: string;
  title: string;
  startedAt: string;
  finishedAt: string;
  pass: boolean;
  machine: {
    node: string;
    platform: string;
    cpus: number;
    cpuModel: string;
    /** 1-minute load average before and after: other work on the machine skews every figure. */
    loadAverage: { before: number; after: number };
    /** The machine's speed as the bench started and ended (machine-speed.ts): the same code costs more in a slow hour. */
    speed: { before: MachineSpeed; after: MachineSpeed };
  };
  config: BenchConfig;
  measurements: Record<string, LoadFigures>;
  derived: Record<string, number>;
  targets: TargetResult[];
  problems: string[];
}

export function writeArtifact(
  module: BenchModule,
  config: BenchConfig,
  outcome: BenchOutcome,
  targets: TargetResult[],
  times: {
    startedAt: Date;
    finishedAt: Date;
    loadBefore: number;
    speed: BenchReport['machine']['speed'];
  },
): string {
  const cpus = os.cpus();
  const report: BenchReport = {
    bench: module.name,
    title: module.title,
    startedAt: times.startedAt.toISOString(),
    finishedAt: times.finishedAt.toISOString(),
    pass: outcome.problems.length === 0 && targets.every((t) => t.pass),
    machine: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      loadAverage: { before: times.loadBefore, after: os.loadavg()[0] ?? 0 },
      speed: times.speed,
    },
    config,
    measurements: Object.fromEntries(outcome.measurements.map((m) => [m.name, m])),
    derived: outcome.derived,
    targets,
    problems: outcome.problems,
  };
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, module.artifact);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
