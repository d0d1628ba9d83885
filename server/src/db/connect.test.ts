import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { SQLITE_PAGE_CACHE_KIB, connect } from './connect.js';

// A PostgreSQL handle connects on its first query, so these open nothing.
describe('connect: where the data lives, as the logs say it', () => {
  it('names the host, port and database of a PostgreSQL over TCP', async () => {
    const handle = connect('postgres://detox@db.example.org:6432/detox', ':memory:', 'k'.repeat(32));
    expect(handle.dialect).toBe('postgres');
    expect(handle.location).toBe('postgres db.example.org:6432/detox');
    await handle.db.destroy();
  });

  it('names the socket directory of a PostgreSQL on the same machine', async () => {
    const handle = connect('postgres:///detox?host=%2Fvar%2Frun%2Fpostgresql', ':memory:', 'k'.repeat(32));
    expect(handle.dialect).toBe('postgres');
    expect(handle.location).toBe('postgres detox through the Unix socket in /var/run/postgresql');
    await handle.db.destroy();
  });
});

describe('connect: SQLite', () => {
  it('gives the connection a page cache of SQLITE_PAGE_CACHE_KIB, not SQLite’s 2 MiB', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'detox-connect-'));
    const handle = connect(path.join(dir, 'detox.sqlite'), ':memory:', 'k'.repeat(32));
    try {
      const { rows } = await sql<{ cache_size: number }>`pragma cache_size`.execute(handle.db);
      // A negative cache_size is a size in KiB (a positive one counts pages).
      expect(rows[0]?.cache_size).toBe(-SQLITE_PAGE_CACHE_KIB);
      expect(SQLITE_PAGE_CACHE_KIB).toBeGreaterThan(2 * 1024);
    } finally {
      await handle.db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
