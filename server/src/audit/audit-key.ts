import { auditHmacKeyFrom } from '../config.js';

/**
 * The key that seals the audit chain. Public on purpose: it is what the server uses when
 * AUDIT_HMAC_KEY is unset, for the demo and the tests. A chain sealed with it proves nothing against
 * anyone who can read this file; production sets AUDIT_HMAC_KEY (see config.ts).
 */
export const DEVELOPMENT_AUDIT_HMAC_KEY = 'detox-watch-development-audit-key--not-secret--set-AUDIT_HMAC_KEY';

let configured: string | undefined;

/**
 * Sets the key every later `writeAudit` seals rows with (main.ts, from the config, before anything
 * is written). Undefined selects the development key.
 */
export function setAuditKey(key: string | undefined): void {
  configured = key ?? DEVELOPMENT_AUDIT_HMAC_KEY;
}

/**
 * The key in force: the one set at startup, else AUDIT_HMAC_KEY from the environment (so a command
 * such as add-user seals its rows without being told), else the development key.
 */
export function auditKey(): string {
  configured ??= auditHmacKeyFrom() ?? DEVELOPMENT_AUDIT_HMAC_KEY;
  return configured;
}
