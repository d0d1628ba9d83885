// The client imports only this type from the server (architecture.md: rules of the house).
export type { AppRouter } from './routers/_app.js';

// For black-box tests (tests/), which check the audit chain of a server's database file.
export { verifyAuditChain, type AuditChainReport } from './audit/verify-chain.js';
export { verifyAuditChainAt } from './audit/verify-database.js';
export { DEVELOPMENT_AUDIT_HMAC_KEY } from './audit/audit-key.js';
