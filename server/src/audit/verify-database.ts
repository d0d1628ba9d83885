import { connect } from '../db/connect.js';
import { DEVELOPMENT_AUDIT_HMAC_KEY } from './audit-key.js';
import { type AuditChainReport, verifyAuditChain } from './verify-chain.js';

/**
 * Verifies the audit chain of a database given as the server takes it (a SQLite file path or a
 * postgres:// URL), on a connection of its own that it closes after. For tests of a running or
 * crashed server: the key defaults to the development key the test server seals with.
 */
export async function verifyAuditChainAt(
  databaseUrl: string,
  key: string = DEVELOPMENT_AUDIT_HMAC_KEY,
): Promise<AuditChainReport> {
  const { db } = connect(databaseUrl, databaseUrl, key);
  try {
    return await verifyAuditChain(db, key);
  } finally {
    await db.destroy();
  }
}
