/**
 * Summarises a V8 CPU profile written by `BENCH_PROFILE=1` (tests/artifacts/bench-profiles/*.cpuprofile):
 * self time by package / area and by function, to see where a request's CPU goes.
 *
 *   npx tsx bench/profile-summary.ts <file.cpuprofile> [top=25] [lastSeconds]
 *
 * lastSeconds keeps only the samples of the final seconds before the server stopped (the measured
 * load), leaving out start-up, migrations and demo seeding.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a frame's code lives: a package name, a workspace package, node internals or V8 states. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pnpm?.[1]) return pnpm[1];
  const plain = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (plain?.[1]) return plain[1];
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const workspace = /\/(server|shared|client|tests)\/src\/(.*)$/.exec(url);
  if (workspace) return `@detox/${workspace[1]}/${workspace[2]?.split('/')[0]}`;
  return url;
}

export function summarise(profile: CpuProfile, top = 25, lastSeconds?: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const from = lastSeconds === undefined ? Number.NEGATIVE_INFINITY : profile.endTime - lastSeconds * 1e6;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= from) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const area = areaOf(frame.url, frame.functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    const file = frame.url.split('/').slice(-2).join('/');
    const key = `${frame.functionName || '(anonymous)'}  ${file}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const lines = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([name, us]) =>
          `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`,
      );
  return [
    `profile: ${(total / 1e6).toFixed(1)} s sampled`,
    '',
    'self time by area:',
    ...lines(byArea),
    '',
    'self time by function:',
    ...lines(byFunction),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  const last = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
  console.log(summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(process.argv[3] ?? 25), last));
}
