import { describe, expect, it } from 'vitest';
import { connect } from './connect.js';

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
