import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { loadConfig } from '../config.js';

const HELP = `Makes a consistent copy of the SQLite database while the server keeps running and writing.

usage: pnpm backup <destination-file>

The database is the one the server uses: DATABASE_URL (a SQLite file path), or data/detox.sqlite when
it is unset. A relative destination is taken from the directory you ran pnpm in. The destination must
not exist yet. The copy is written beside it under a temporary name, checked (PRAGMA integrity_check and
foreign_key_check), flushed to disk and only then renamed into place, so a file at the destination is
always a whole, checked backup. Prints \`backup ok: <path>, N assessments, N administrations\`.

It uses SQLite's online backup API: it reads one snapshot of the database (WAL lets the server go on
writing meanwhile) and does not migrate, lock out or otherwise change the live database.

Restore:
  1. Stop the server (every instance using the file).
  2. Delete the database's -wal and -shm files if they are there (detox.sqlite-wal, detox.sqlite-shm):
     left beside a restored file, they would be replayed into it.
  3. Copy the backup file in place of the database file (cp backup.sqlite data/detox.sqlite).
  4. Start the server. Anything charted after the backup was taken is not in it: re-enter it from paper.

The audit chain in a backup verifies with the same AUDIT_HMAC_KEY (pnpm verify-audit). Keep that key
out of the backup's storage.

PostgreSQL (DATABASE_URL=postgres://...) is not copied by this command: use pg_dump, e.g.
  pg_dump --format=custom --file=detox.dump "$DATABASE_URL"      (restore with pg_restore)`;

/** Exit codes: 0 ok, 1 the backup failed, 2 not for this command (usage, PostgreSQL). */
class UsageError extends Error {}

function sqliteFileOf(databaseUrl: string | undefined, fallback: string): string {
  return databaseUrl ? databaseUrl.replace(/^sqlite:(\/\/)?/, '') : fallback;
}

/** fsync a file or directory, so a backup that was reported ok survives a power cut. */
function flush(file: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a directory: the new name is then as durable as they make it.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    return;
  }
  const config = loadConfig();
  if (config.databaseUrl && /^postgres(ql)?:\/\//.test(config.databaseUrl)) {
    console.error(
      'DATABASE_URL is a PostgreSQL database: this command copies SQLite files only. Back PostgreSQL up with pg_dump, e.g.\n' +
        '  pg_dump --format=custom --file=detox.dump "$DATABASE_URL"\n' +
        'and restore with pg_restore. See pnpm backup --help.',
    );
    process.exitCode = 2;
    return;
  }
  const args = argv.filter((a) => a !== '--');
  if (args.length !== 1 || !args[0] || args[0].startsWith('-'))
    throw new UsageError('usage: pnpm backup <destination-file>   (pnpm backup --help for more)');

  // pnpm runs the script in server/; the destination was typed relative to where pnpm was run.
  const destination = path.resolve(process.env.INIT_CWD ?? process.cwd(), args[0]);
  // The database path resolves as the server resolves it (relative to its working directory).
  const source = path.resolve(sqliteFileOf(config.databaseUrl, config.defaultSqlitePath));

  if (!existsSync(source) || !statSync(source).isFile()) {
    throw new Error(`There is no database at ${source}: set DATABASE_URL to the server's SQLite file.`);
  }
  if (existsSync(destination)) {
    throw new Error(`${destination} already exists: choose a new file name (a backup never overwrites a file).`);
  }
  if (!existsSync(path.dirname(destination)))
    throw new Error(`The directory ${path.dirname(destination)} does not exist.`);

  const partial = `${destination}.partial-${process.pid}`;
  const sidecars = [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`];
  const removePartial = () => {
    for (const f of sidecars) rmSync(f, { force: true });
  };

  // A read-write handle (a read-only one cannot open a WAL database whose -shm is missing, as when the
  // server is not running), but nothing is written through it: no migration, no pragma that changes
  // the file. Only if it is the last connection does closing it checkpoint the WAL, as the server would.
  const live = new SQLite(source, { fileMustExist: true });
  let assessments: number;
  let administrations: number;
  try {
    live.pragma('busy_timeout = 10000');
    const hasTables = live
      .prepare(
        "select count(*) as n from sqlite_master where type = 'table' and name in ('assessment', 'medication_administration')",
      )
      .get() as { n: number };
    if (hasTables.n !== 2)
      throw new Error(`${source} is not a Detox Watch database (no assessment table): check DATABASE_URL.`);
    // All pages in one step: a step reads one snapshot, so the copy is consistent, and a server writing
    // between small steps would make SQLite restart the copy again and again.
    await live.backup(partial, { progress: () => 0x7fffffff });
  } catch (error) {
    removePartial();
    throw error;
  } finally {
    live.close();
  }

  try {
    const copy = new SQLite(partial, { fileMustExist: true });
    try {
      // One self-contained file: no -wal beside it to lose when the backup is moved. The server turns
      // WAL on again when it opens a restored file.
      copy.pragma('journal_mode = DELETE');
      const integrity = copy.pragma('integrity_check') as { integrity_check: string }[];
      const problems = integrity.map((r) => r.integrity_check).filter((r) => r !== 'ok');
      if (problems.length > 0)
        throw new Error(`The copy failed PRAGMA integrity_check: ${problems.slice(0, 5).join('; ')}`);
      const orphans = copy.pragma('foreign_key_check') as unknown[];
      if (orphans.length > 0)
        throw new Error(`The copy failed PRAGMA foreign_key_check: ${orphans.length} rows point at missing rows`);
      assessments = (copy.prepare('select count(*) as n from assessment').get() as { n: number }).n;
      administrations = (copy.prepare('select count(*) as n from medication_administration').get() as { n: number }).n;
    } finally {
      copy.close();
    }
    flush(partial);
    // A hard link never replaces an existing file (a rename would): the destination is claimed atomically.
    try {
      linkSync(partial, destination);
      rmSync(partial, { force: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new Error(`${destination} appeared while the backup ran: choose a new file name`);
      // A file system without hard links: check, then rename.
      if (existsSync(destination))
        throw new Error(`${destination} appeared while the backup ran: choose a new file name`);
      renameSync(partial, destination);
    }
    flush(path.dirname(destination));
  } catch (error) {
    removePartial();
    throw error;
  }
  console.log(`backup ok: ${destination}, ${assessments} assessments, ${administrations} administrations`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
