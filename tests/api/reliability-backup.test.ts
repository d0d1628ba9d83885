import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS } from '../support/api.js';
import {
  type AckedWrite,
  RELIABILITY_ENV,
  auditChain,
  clientWithSession,
  integrityCheck,
  missingOrChanged,
  prng,
  sendTagged,
  sleep,
  doseOrdersIn,
  taggedAdministration,
  taggedAssessment,
  unpairedWrites,
} from '../support/reliability-helpers.js';
import { REPO_ROOT, type StartedServer, startServer, tsxLoaderUrl } from '../support/server.js';
import { selectAll } from '../support/sqlite-counts.js';
import { TrpcHttp, dataOf } from '../support/trpc-http.js';

// The demo nurse charts on Detox North only (unit scoping): the writers chart there.
const NORTH_OPEN_ADMISSIONS =
  "select a.id from admission a join unit u on u.id = a.unit_id where a.discharged_at is null and u.name = 'Detox North' order by a.id";

/**
 * Backup (issue 6, item 6): `pnpm backup <file>` (server/src/cli/backup.ts) copies the SQLite database
 * while the server runs and writes. The copy passes integrity_check, holds every write acknowledged
 * before the backup began (each with its audit row, so the copy is one consistent moment), and a
 * server restored from it (stopped, the copy put in place of the database file) answers and verifies.
 */

const SEED = Number(process.env.RELIABILITY_SEED ?? Math.floor(Math.random() * 2 ** 31));

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the backup command as `pnpm backup` runs it: tsx, one node process, DATABASE_URL from the environment. */
function runBackupCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', tsxLoaderUrl(), path.join(REPO_ROOT, 'server/src/cli/backup.ts'), ...args],
      {
        cwd: path.join(REPO_ROOT, 'server'),
        env: { ...process.env, INIT_CWD: REPO_ROOT, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

interface SentWrite extends AckedWrite {
  sentAt: number;
}

describe('pnpm backup', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'detox-backup-'));
  let server: StartedServer | null = null;

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`copies a running, writing server's database consistently, and a server restored from the copy has every write acknowledged before it (seed ${SEED})`, {
    timeout: 180_000,
  }, async () => {
    const file = path.join(dir, 'live.sqlite');
    const backupFile = path.join(dir, 'backup.sqlite');
    server = await startServer({ databaseUrl: file, env: RELIABILITY_ENV });
    const nurse = new TrpcHttp(server.url);
    await nurse.login('nurse', DEMO_PASSWORDS.nurse);
    const admissions = selectAll<{ id: number }>(file, NORTH_OPEN_ADMISSIONS).map((r) => r.id);
    const doseOrders = doseOrdersIn(file, admissions);

    // Writers chart continuously (every acknowledgement recorded with when its request was sent).
    const random = prng(SEED);
    const acked: SentWrite[] = [];
    const refused: string[] = [];
    const sentAfter: { tag: string; sentAt: number }[] = [];
    let stop = false;
    const url = server.url;
    const writers = Array.from({ length: 3 }, async (_, w) => {
      const client = clientWithSession(url, nurse.cookie);
      for (let i = 0; !stop; i++) {
        const admissionId = admissions[(w + i) % admissions.length] as number;
        const tag = `backup w${w} #${i}`;
        const write =
          i % 3 === 2
            ? taggedAdministration(admissionId, tag, random, doseOrders.get(admissionId) ?? [])
            : taggedAssessment(admissionId, tag, random);
        const sentAt = Date.now();
        sentAfter.push({ tag, sentAt });
        const res = await sendTagged(client, write);
        if (res.status === 200 && res.body.result) acked.push({ ...write, id: res.body.result.data.id, sentAt });
        else refused.push(`${tag}: ${res.status} ${res.text.slice(0, 300)}`);
      }
    });

    const deadline = Date.now() + 30_000;
    while (acked.length < 20 && refused.length === 0 && Date.now() < deadline) await sleep(20);
    expect(acked.length, refused.join('\n')).toBeGreaterThanOrEqual(20);
    const ackedBeforeBackup = acked.slice();
    const backupStartedAt = Date.now();
    const cli = await runBackupCli([backupFile], { DATABASE_URL: file, ...RELIABILITY_ENV });
    const backupEndedAt = Date.now();
    const ackedDuringBackup = acked.filter((a) => a.sentAt >= backupStartedAt && a.sentAt <= backupEndedAt).length;
    await sleep(200);
    stop = true;
    await Promise.all(writers);
    expect(refused).toEqual([]);

    expect(cli.code, `${cli.stdout}\n${cli.stderr}`).toBe(0);
    const match = /^backup ok: (.+), (\d+) assessments, (\d+) administrations$/m.exec(cli.stdout);
    expect(match, cli.stdout).not.toBeNull();
    expect(match?.[1]).toBe(backupFile);
    // Online: the server went on acknowledging writes while the backup ran.
    expect(ackedDuringBackup).toBeGreaterThan(0);
    expect(existsSync(`${backupFile}-wal`), 'a backup is one file').toBe(false);

    // The copy: sound, complete up to the start of the backup, one consistent moment (every row of
    // ours has its audit row, as they were committed together), and its audit chain verifies.
    expect(integrityCheck(backupFile)).toEqual(['ok']);
    expect(missingOrChanged(backupFile, ackedBeforeBackup)).toEqual([]);
    const counts = selectAll<{ assessments: number; administrations: number }>(
      backupFile,
      'select (select count(*) from assessment) as assessments, (select count(*) from medication_administration) as administrations',
    )[0];
    expect(counts).toEqual({ assessments: Number(match?.[2]), administrations: Number(match?.[3]) });
    expect(unpairedWrites(backupFile, 'backup w'), 'records without their audit row or the other way round').toEqual(
      [],
    );
    const backupChain = await auditChain(backupFile);
    expect(backupChain, backupChain.problem).toMatchObject({ ok: true });

    // Restore as the help text says: stop the server, remove -wal/-shm, put the copy in place, start.
    await server.stop();
    server = null;
    for (const sidecar of [`${file}-wal`, `${file}-shm`]) rmSync(sidecar, { force: true });
    copyFileSync(backupFile, file);
    server = await startServer({ databaseUrl: file, seed: 'none', env: RELIABILITY_ENV });
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    // The nurse's session was in the database when the backup was taken: it works on the restored server.
    const reader = clientWithSession(server.url, nurse.cookie);
    for (const admissionId of admissions) {
      const listed = new Set(
        dataOf(await reader.query<{ id: number }[]>('assessments.list', { admissionId })).map((r) => r.id),
      );
      const missing = ackedBeforeBackup.filter(
        (a) => a.kind === 'assessment' && a.admissionId === admissionId && !listed.has(a.id),
      );
      expect(
        missing.map((a) => a.tag),
        `admission ${admissionId}: assessments missing after the restore`,
      ).toEqual([]);
    }
    expect(missingOrChanged(file, ackedBeforeBackup)).toEqual([]);
    // It is the copy that is live now: nothing sent after the backup had finished is in it.
    const late = sentAfter.filter((s) => s.sentAt > backupEndedAt).map((s) => s.tag);
    expect(late.length).toBeGreaterThan(0);
    const present = selectAll<{ tag: string }>(
      file,
      `select note as tag from assessment where note like 'backup w%' union all select hold_reason from medication_administration where hold_reason like 'backup w%'`,
    ).map((r) => r.tag);
    expect(
      late.filter((tag) => present.includes(tag)),
      'writes sent after the backup finished',
    ).toEqual([]);
    expect(integrityCheck(file)).toEqual(['ok']);
    const restoredChain = await auditChain(file);
    expect(restoredChain, restoredChain.problem).toMatchObject({ ok: true });

    console.log(
      `backup: ${match?.[0]}; ${ackedBeforeBackup.length} writes acknowledged before it, all in the copy and after the restore; ` +
        `${ackedDuringBackup} acknowledged while it ran; integrity ok, audit chain ok; backup took ${((backupEndedAt - backupStartedAt) / 1000).toFixed(1)} s`,
    );
  });

  it('refuses PostgreSQL (use pg_dump, exit 2) and never overwrites an existing file', {
    timeout: 60_000,
  }, async () => {
    const existing = path.join(dir, 'existing.sqlite');
    writeFileSync(existing, 'keep me');
    // Any file will do as the source: the destination is checked before the source is opened.
    const live = path.join(dir, 'source.sqlite');
    writeFileSync(live, '');
    const [pg, clobber] = await Promise.all([
      runBackupCli([path.join(dir, 'pg.sqlite')], { DATABASE_URL: 'postgres://detox@127.0.0.1:1/detox' }),
      runBackupCli([existing], { DATABASE_URL: live }),
    ]);
    expect(pg.code).toBe(2);
    expect(pg.stderr).toMatch(/pg_dump/);
    expect(existsSync(path.join(dir, 'pg.sqlite'))).toBe(false);
    expect(clobber.code).toBe(1);
    expect(clobber.stderr).toMatch(/already exists/);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
  });
});
