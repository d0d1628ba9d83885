import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS_DIR, REPO_ROOT } from './server-process.js';

/**
 * The production build of the client, for the client-size and board-lcp benches. client/dist is
 * reused when it is newer than every input (client and shared sources, index.html, Vite config,
 * lockfile); otherwise the client is built into tests/artifacts/bench-client/<hash of the inputs>/
 * (reused while the inputs do not change), never into client/dist, which the browser tests of
 * other runs may be serving at the same moment.
 */

const INPUT_ROOTS = ['client/src', 'shared/src'];
const INPUT_FILES = [
  'client/index.html',
  'client/vite.config.ts',
  'client/precompress.ts',
  'client/package.json',
  'client/tsconfig.json',
  'shared/package.json',
  'pnpm-lock.yaml',
];

function inputFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!/\.test\.tsx?$/.test(entry.name)) files.push(full);
    }
  };
  for (const root of INPUT_ROOTS) walk(path.join(REPO_ROOT, root));
  for (const file of INPUT_FILES) if (existsSync(path.join(REPO_ROOT, file))) files.push(path.join(REPO_ROOT, file));
  return files.sort();
}

export interface ClientBuild {
  dist: string;
  how: 'client/dist (fresh)' | 'cached bench build' | 'built now';
  buildMs: number;
}

function run(command: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(
        new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs / 1000} s:\n${output.slice(-3000)}`),
      );
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.slice(-3000)}`));
    });
  });
}

export async function clientBuild(log: (m: string) => void): Promise<ClientBuild> {
  const files = inputFiles();
  const newestInput = Math.max(...files.map((f) => statSync(f).mtimeMs));
  const distIndex = path.join(REPO_ROOT, 'client/dist/index.html');
  if (existsSync(distIndex) && statSync(distIndex).mtimeMs > newestInput) {
    return { dist: path.join(REPO_ROOT, 'client/dist'), how: 'client/dist (fresh)', buildMs: 0 };
  }
  const hash = createHash('sha256');
  for (const f of files) hash.update(path.relative(REPO_ROOT, f)).update(readFileSync(f));
  const key = hash.digest('hex').slice(0, 16);
  const cacheRoot = path.join(ARTIFACTS_DIR, 'bench-client');
  const dist = path.join(cacheRoot, key);
  if (existsSync(path.join(dist, 'index.html'))) return { dist, how: 'cached bench build', buildMs: 0 };

  mkdirSync(cacheRoot, { recursive: true });
  for (const old of readdirSync(cacheRoot))
    if (old !== key) rmSync(path.join(cacheRoot, old), { recursive: true, force: true });
  log(`client/dist is missing or older than the sources: building into ${path.relative(REPO_ROOT, dist)}`);
  const started = Date.now();
  const tmp = `${dist}.tmp-${process.pid}`;
  try {
    await run(
      'npx',
      [
        '-y',
        'pnpm@10.34.9',
        '--filter',
        '@detox/client',
        'exec',
        'vite',
        'build',
        '--outDir',
        tmp,
        '--emptyOutDir',
        '--logLevel',
        'warn',
      ],
      300_000,
    );
    rmSync(dist, { recursive: true, force: true });
    // A rename, so a half-written build is never taken for a finished one.
    renameSync(tmp, dist);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { dist, how: 'built now', buildMs: Date.now() - started };
}
