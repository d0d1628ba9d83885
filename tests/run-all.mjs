#!/usr/bin/env node
// Every test stage, in order: type-check, lint, Vitest (shared, server on SQLite and PostgreSQL, API over
// HTTP), then the browser tests in Chromium. Prints each stage's result and ends with the plain line
// `N passed, N failed` that CI shows (toolchain.md, "CI"); exits non-zero if any stage failed.
// Type-check and lint count as one check each, so a failure there shows in the count too.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const artifacts = path.join(root, 'tests/artifacts');
mkdirSync(artifacts, { recursive: true });

const bin = (name) => path.join(root, 'node_modules/.bin', name);
const PNPM = ['-y', 'pnpm@10.34.9'];
const VITEST_REPORT = path.join(artifacts, 'vitest.json');
const BROWSER_REPORT = path.join(artifacts, 'browser.json');
const PLAYWRIGHT_CONFIG = path.join(root, 'tests/browser/playwright.config.ts');

// The whole run takes about 15 minutes and stays under 30 (CI allows 90). Each stage gets what is left
// of this budget, which only cuts off a hang: it leaves room for a machine running at a third of its
// usual speed, as this one did on 2026-12-06 (24 minutes, every test passing).
const BUDGET_MS = 40 * 60_000;
const startedAt = Date.now();
const remaining = () => Math.max(10_000, BUDGET_MS - (Date.now() - startedAt));

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
let current = null;

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    // Stop the stage we started (its own process group), then leave.
    if (current?.pid) {
      try {
        process.kill(-current.pid, 'SIGTERM');
      } catch {}
    }
    process.exit(130);
  });
}

/** Runs one command with the terminal attached, in its own process group so a timeout can stop all of it. */
function run(command, args, { env = {}, timeoutMs = remaining() } = {}) {
  return new Promise((resolve) => {
    console.log(`\n$ ${[command, ...args].map((a) => (a.includes(' ') ? JSON.stringify(a) : a)).join(' ')}`);
    const child = spawn(command, args, {
      cwd: root,
      stdio: 'inherit',
      detached: true,
      env: { ...process.env, ...env },
    });
    current = child;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\n${path.basename(command)} did not finish within ${Math.round(timeoutMs / 1000)} s: stopping it`);
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
      setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {}
      }, 10_000).unref();
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      current = null;
      console.error(`could not start ${command}: ${error.message}`);
      resolve({ code: 127, timedOut: false });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      current = null;
      resolve({ code: code ?? (signal ? 128 : 1), timedOut });
    });
  });
}

function readJson(file, notBefore) {
  try {
    if (!existsSync(file) || statSync(file).mtimeMs < notBefore) return null;
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`could not read ${path.relative(root, file)}: ${error.message}`);
    return null;
  }
}

const results = [];

function record(stage) {
  results.push(stage);
  const counts = stage.skippedStage
    ? 'skipped'
    : `${stage.passed} passed, ${stage.failed} failed${stage.skipped ? `, ${stage.skipped} skipped` : ''}`;
  console.log(
    `\n==> ${stage.name}: ${stage.ok ? 'ok' : 'FAILED'} (${counts}) in ${(stage.ms / 1000).toFixed(1)} s${stage.note ? ` — ${stage.note}` : ''}`,
  );
}

/** A stage without test counts of its own (type-check, lint): one check, passed or failed. */
async function checkStage(name, commands) {
  const t0 = Date.now();
  let ok = true;
  let note = '';
  for (const [command, args] of commands) {
    const { code, timedOut } = await run(command, args);
    if (code !== 0) {
      ok = false;
      note = timedOut ? 'timed out' : `${path.basename(command)} ${args.join(' ')} exited with ${code}`;
    }
  }
  record({ name, ok, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, ms: Date.now() - t0, note });
}

async function vitestStage() {
  const t0 = Date.now();
  // The report tests read the PDFs back as text with poppler's pdftotext.
  const missing = ensureDebianPackage('/usr/bin/pdftotext', 'poppler-utils');
  if (missing) {
    console.error(missing);
    record({
      name: 'vitest (shared, client, server, api)',
      ok: false,
      passed: 0,
      failed: 1,
      skipped: 0,
      ms: Date.now() - t0,
      note: missing,
    });
    return;
  }
  rmSync(VITEST_REPORT, { force: true });
  const { code, timedOut } = await run(bin('vitest'), [
    'run',
    '--project',
    'shared',
    '--project',
    'client',
    '--project',
    'server',
    '--project',
    'api',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${VITEST_REPORT}`,
  ]);
  const report = readJson(VITEST_REPORT, t0);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let note = '';
  if (report) {
    passed = report.numPassedTests ?? 0;
    failed = report.numFailedTests ?? 0;
    skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    // A file that fails outside any test (an import error, a failing beforeAll) counts as one failure.
    const brokenFiles = (report.testResults ?? []).filter(
      (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((a) => a.status === 'failed'),
    );
    for (const file of brokenFiles)
      console.error(
        `vitest: ${path.relative(root, file.name)} failed outside its tests: ${String(file.message ?? '').split('\n')[0]}`,
      );
    failed += brokenFiles.length;
  } else {
    note = 'no JSON report';
  }
  if (code !== 0 && failed === 0) {
    failed = 1;
    note = timedOut ? 'timed out' : `vitest exited with ${code}${note ? `, ${note}` : ''}`;
  }
  record({
    name: 'vitest (shared, client, server, api)',
    ok: code === 0 && failed === 0,
    passed,
    failed,
    skipped,
    ms: Date.now() - t0,
    note,
  });
}

/** Installs a Debian package when its binary is missing (CI starts from a bare machine); null when present. */
function ensureDebianPackage(binary, pkg) {
  if (existsSync(binary)) return null;
  if (!isRoot) return `${binary} is missing: install Debian's "${pkg}" package (apt-get install ${pkg}) and run again`;
  console.log(`\n${binary} is missing: installing Debian's ${pkg}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', pkg],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env, timeout: 600_000 });
    if (result.status !== 0)
      return `apt-get ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`;
  }
  return existsSync(binary) ? null : `apt-get installed ${pkg} but ${binary} is still missing`;
}

function ensureChromium() {
  return ensureDebianPackage(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', 'chromium');
}

async function browserStage() {
  const name = 'browser (Playwright, Chromium)';
  const t0 = Date.now();
  if (!existsSync(PLAYWRIGHT_CONFIG)) {
    console.log(`\nNote: ${path.relative(root, PLAYWRIGHT_CONFIG)} does not exist yet: the browser stage is skipped.`);
    record({
      name,
      ok: true,
      passed: 0,
      failed: 0,
      skipped: 0,
      skippedStage: true,
      ms: 0,
      note: 'no playwright.config.ts yet',
    });
    return;
  }
  const missing = ensureChromium();
  if (missing) {
    console.error(missing);
    record({ name, ok: false, passed: 0, failed: 1, skipped: 0, ms: Date.now() - t0, note: missing });
    return;
  }
  rmSync(BROWSER_REPORT, { force: true });
  // The config writes its JSON report to tests/artifacts/browser.json; the variable covers a config without an outputFile.
  const { code, timedOut } = await run('npx', [...PNPM, '--filter', '@detox/tests', 'browser'], {
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: BROWSER_REPORT, PLAYWRIGHT_JSON_OUTPUT_FILE: BROWSER_REPORT },
  });
  const report = readJson(BROWSER_REPORT, t0);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let note = '';
  if (report?.stats) {
    passed = (report.stats.expected ?? 0) + (report.stats.flaky ?? 0);
    failed = report.stats.unexpected ?? 0;
    skipped = report.stats.skipped ?? 0;
    if (report.stats.flaky) note = `${report.stats.flaky} flaky`;
    // Errors outside tests (the web server did not start, a spec did not load).
    if ((report.errors ?? []).length > 0 && failed === 0) {
      failed = 1;
      note = `error outside tests: ${String(report.errors[0]?.message ?? '').split('\n')[0]}`;
    }
  } else {
    note = 'no JSON report';
  }
  if (code !== 0 && failed === 0) {
    failed = 1;
    note = timedOut ? 'timed out' : `playwright exited with ${code}${note ? `, ${note}` : ''}`;
  }
  record({ name, ok: code === 0 && failed === 0, passed, failed, skipped, ms: Date.now() - t0, note });
}

const node = process.execPath;
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');

await checkStage('typecheck (tsc -b, client, tests)', [
  [node, [tsc, '-b']],
  [node, [tsc, '-p', 'client']],
  [node, [tsc, '-p', 'tests']],
]);
await checkStage('lint (biome check .)', [[bin('biome'), ['check', '.']]]);
await vitestStage();
await browserStage();

const passed = results.reduce((sum, s) => sum + s.passed, 0);
const failed = results.reduce((sum, s) => sum + s.failed, 0);
const ok = results.every((s) => s.ok);
writeFileSync(
  path.join(artifacts, 'summary.json'),
  `${JSON.stringify({ ok, passed, failed, ms: Date.now() - startedAt, stages: results }, null, 2)}\n`,
);

console.log('\nStages:');
for (const s of results) {
  const counts = s.skippedStage
    ? 'skipped'
    : `${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} skipped` : ''}`;
  console.log(
    `  ${s.ok ? 'ok    ' : 'FAILED'}  ${s.name.padEnd(34)} ${counts.padEnd(32)} ${(s.ms / 1000).toFixed(1).padStart(6)} s${s.note ? `  (${s.note})` : ''}`,
  );
}
console.log(`  total time ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
