/**
 * The key that seals the audit chain. Public on purpose: it is what the server uses when
 * AUDIT_HMAC_KEY is unset, for the demo and the tests. A chain sealed with it proves nothing against
 * anyone who can read this file; production sets AUDIT_HMAC_KEY (see config.ts).
 */
export const DEVELOPMENT_AUDIT_HMAC_KEY = 'detox-watch-development-audit-key--not-secret--set-AUDIT_HMAC_KEY';

/** The shortest AUDIT_HMAC_KEY accepted: 32 characters, e.g. the 64 hex digits of `openssl rand -hex 32`. */
export const MIN_AUDIT_HMAC_KEY_LENGTH = 32;

/** AUDIT_HMAC_KEY from the environment; undefined when unset (the development key applies). */
export function auditHmacKeyFrom(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const key = env.AUDIT_HMAC_KEY;
  if (key === undefined || key === '') return undefined;
  if (key.length < MIN_AUDIT_HMAC_KEY_LENGTH) {
    throw new Error(
      `AUDIT_HMAC_KEY must be at least ${MIN_AUDIT_HMAC_KEY_LENGTH} characters (generate one with \`openssl rand -hex 32\`); got ${key.length}`,
    );
  }
  return key;
}

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
