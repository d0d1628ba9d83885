import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProductionInstall, installProductionBuild, runToEnd } from '../support/production-install.js';
import { REPO_ROOT, type StartedServer, startServer } from '../support/server.js';
import { selectAll } from '../support/sqlite-counts.js';
import { TrpcHttp, dataOf } from '../support/trpc-http.js';

/**
 * The production build (issue 12, item 1): the server compiled ahead of time, run with plain node in
 * production mode, from an install folder under a hidden directory (~/.local/share/…, where
 * `res.sendFile` with an absolute path refused the dot segment and every page was a 404), with its
 * CLIs; and a failure nobody handled answers in plain words, never with a stack or a path.
 */

let parent: string;
let install: ProductionInstall;
let server: StartedServer;
let databaseFile: string;
const METRICS_TOKEN = 'install-metrics-token';

beforeAll(async () => {
  // realpath: on some systems the temp folder is itself a symlink, and the server prints real paths.
  parent = realpathSync(mkdtempSync(path.join(tmpdir(), 'detox-install-')));
  install = await installProductionBuild(path.join(parent, '.local/share/detox-watch'));
  databaseFile = path.join(install.root, 'data/detox.sqlite');
  server = await startServer({
    entry: install.serverEntry,
    cwd: parent,
    databaseUrl: databaseFile,
    // Unset in the process: the server must find its default database (and its client) from where it is installed.
    env: { NODE_ENV: 'production', DATABASE_URL: '', METRICS_TOKEN: METRICS_TOKEN },
  });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  if (parent) rmSync(parent, { recursive: true, force: true });
});

/** No stack trace, no file of the server's, no absolute path of this machine, no database internals. */
function expectNoInternals(body: string): void {
  expect(body).not.toMatch(/<pre>|\bat [\w.<>]+ \(|\bat file:|node_modules|\.ts:\d|\.js:\d/);
  for (const folder of [install.root, parent, REPO_ROOT, tmpdir()]) expect(body).not.toContain(folder);
  expect(body).not.toMatch(/sqlite|no such table|SqliteError/i);
}

describe('the production build, installed under a hidden directory', () => {
  it('runs the compiled server with plain node, on the default database inside the install', () => {
    expect(install.serverEntry).toContain(`${path.sep}.local${path.sep}`);
    expect(existsSync(install.serverEntry)).toBe(true);
    expect(server.output()).toContain(`Detox Watch is running on sqlite (${databaseFile})`);
    expect(existsSync(databaseFile)).toBe(true);
  });

  it('serves the login page and its script', async () => {
    for (const address of ['/', '/login', '/admissions/12']) {
      const page = await fetch(`${server.url}${address}`);
      expect(page.status, address).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      const html = await page.text();
      expect(html).toContain('<title>Detox Watch</title>');
      expect(html).toContain('<div id="root">');
      const script = /<script type="module" crossorigin src="([^"]+)"/.exec(html)?.[1];
      expect(script, 'the page names its script').toMatch(/^\/assets\/.+\.js$/);
      const js = await fetch(`${server.url}${script}`);
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toContain('javascript');
      expect((await js.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
  });

  it('answers a missing file or an unknown address with a JSON 404 that shows nothing of the server', async () => {
    const requests: [string, RequestInit][] = [
      ['/assets/index-missing.js', {}],
      ['/assets/index-missing.js.map', {}],
      ['/no/such/thing', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }],
      ['/.env', { method: 'DELETE' }],
    ];
    for (const [address, init] of requests) {
      const response = await fetch(`${server.url}${address}`, init);
      expect(response.status, address).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/json');
      const body = await response.text();
      expect(JSON.parse(body).error.message).toMatch(/\w/);
      expectNoInternals(body);
    }
  });

  it('runs its CLIs from the build: add-user, verify-audit, backup', async () => {
    const env = { ...process.env, DATABASE_URL: databaseFile, LOG_LEVEL: 'warn' };
    const added = await runToEnd(process.execPath, [install.cli('add-user'), 'jdoe', 'nurse', 'Jane Doe, RN'], {
      cwd: parent,
      env: { ...env, DETOX_NEW_PASSWORD: 'a-long-install-password' },
    });
    expect(added.stdout).toContain('Added nurse "jdoe" (Jane Doe, RN)');
    const jdoe = new TrpcHttp(server.url);
    expect((await jdoe.login('jdoe', 'a-long-install-password')).name).toBe('Jane Doe, RN');
    expect(dataOf(await jdoe.query<{ username: string }>('auth.me'))).toMatchObject({ username: 'jdoe' });

    const verified = await runToEnd(process.execPath, [install.cli('verify-audit')], { cwd: parent, env });
    expect(verified.stdout).toMatch(/^audit chain ok: \d+ rows/m);

    const backupFile = path.join(parent, 'backup.sqlite');
    const backedUp = await runToEnd(process.execPath, [install.cli('backup'), backupFile], { cwd: parent, env });
    expect(backedUp.stdout).toMatch(/backup ok: /);
    expect(existsSync(backupFile)).toBe(true);
  });

  it('counts the audit trail for /metrics on its worker thread, which finds the SQLite driver from the build', async () => {
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    const length = Number(/^detox_audit_chain_length (\d+)$/m.exec(await response.text())?.[1]);
    const rows = selectAll<{ n: number }>(databaseFile, 'select count(*) as n from audit_event')[0]?.n;
    expect(length).toBeGreaterThan(0);
    expect(length).toBe(rows);
  });

  // Last: it breaks the database under the running server.
  it('answers a failure no code handled with a plain JSON 500 that shows no stack, path or database error', async () => {
    const nurse = new TrpcHttp(server.url);
    await nurse.login('nurse', 'demo-nurse');
    // The database changes under the server (as a botched manual repair would): every session lookup now fails.
    const requireFromServer = createRequire(path.join(REPO_ROOT, 'server/package.json'));
    const Sqlite = requireFromServer('better-sqlite3') as new (
      file: string,
    ) => { exec(sql: string): void; close(): void };
    const direct = new Sqlite(databaseFile);
    try {
      direct.exec('ALTER TABLE session RENAME TO session_moved_away');
    } finally {
      direct.close();
    }

    const procedure = await nurse.query('census.board', { unitId: 1 });
    const login = await new TrpcHttp(server.url).mutate('auth.login', { username: 'nurse', password: 'demo-nurse' });
    const download = await fetch(`${server.url}/reports/downtime.pdf?unitId=1`, {
      headers: { cookie: `detox_session=${nurse.cookie}` },
    });
    const answers = [
      {
        name: 'census.board',
        status: procedure.status,
        type: procedure.headers.get('content-type'),
        body: procedure.text,
      },
      { name: 'auth.login', status: login.status, type: login.headers.get('content-type'), body: login.text },
      {
        name: 'downtime.pdf',
        status: download.status,
        type: download.headers.get('content-type'),
        body: await download.text(),
      },
    ];
    for (const answer of answers) {
      expect(answer.status, answer.name).toBe(500);
      expect(answer.type, answer.name).toContain('application/json');
      expect(JSON.parse(answer.body).error.message, answer.name).toMatch(/try again/i);
      expectNoInternals(answer.body);
    }
    // The cause is in the server's log, for whoever runs it.
    expect(server.output()).toMatch(/no such table: session/);
  });
});
