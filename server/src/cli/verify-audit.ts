import { existsSync } from 'node:fs';
import { verifyAuditChain } from '../audit/verify-chain.js';
import { loadConfig } from '../config.js';
import { connect } from '../db/connect.js';

// Checks the audit trail's hmac chain, read-only:
//   pnpm verify-audit                       (the database of DATABASE_URL, as the server uses it)
// with the server's AUDIT_HMAC_KEY in the environment. Prints `audit chain ok: N rows` and exits 0, or
// names the first bad row and exits 1. It does not migrate: an old database is reported, not changed.

async function main(): Promise<number> {
  const config = loadConfig();
  const key = config.auditHmacKey;
  if (config.auditHmacKeyIsDevelopment) {
    console.warn(
      'AUDIT_HMAC_KEY is not set: checking against the development key, which is only right for a demo or test database.',
    );
  }
  const sqliteFile = config.databaseUrl?.startsWith('postgres')
    ? null
    : (config.databaseUrl?.replace(/^sqlite:(\/\/)?/, '') ?? config.defaultSqlitePath);
  if (sqliteFile && sqliteFile !== ':memory:' && !existsSync(sqliteFile)) {
    console.error(
      `There is no database at ${sqliteFile}: set DATABASE_URL to the server's SQLite file or postgres:// URL.`,
    );
    return 1;
  }
  const { db, location } = connect(config.databaseUrl, config.defaultSqlitePath, key);
  try {
    const columns = await db.introspection.getTables();
    const audit = columns.find((t) => t.name === 'audit_event');
    if (!audit) {
      console.error(`${location} has no audit_event table: is DATABASE_URL the server's database?`);
      return 1;
    }
    if (!audit.columns.some((c) => c.name === 'hmac')) {
      console.error(
        `${location} has no audit chain yet: start the server once so it migrates the database, then run this again.`,
      );
      return 1;
    }
    const report = await verifyAuditChain(db, key);
    if (!report.ok) {
      console.error(
        report.firstBadId === undefined
          ? `audit trail BROKEN: a row waiting to be sealed was not written by the server (${report.rows} rows of the chain read and ok) in ${location}`
          : `audit chain BROKEN at row ${report.firstBadId} (${report.rows} rows read) in ${location}`,
      );
      console.error(report.problem);
      return 1;
    }
    console.log(`audit chain ok: ${report.rows} rows (${location})`);
    if (report.unsealedRows > 0) {
      console.log(
        `${report.unsealedRows} rows at the start are not sealed (written before the audit chain existed, or by the demo seed): the chain does not cover them.`,
      );
    }
    if (report.waitingRows > 0) {
      console.log(
        `${report.waitingRows} rows wait in audit_pending to be sealed, each with the server's tag: written with their writes just before a server stopped. A running server seals them within seconds, a starting one at once.`,
      );
    }
    if (report.head) {
      console.log(
        `head: row ${report.head.id} ${report.head.hmac} (keep this off the database host: a later run must reach at least this row)`,
      );
    }
    return 0;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`verify-audit failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
