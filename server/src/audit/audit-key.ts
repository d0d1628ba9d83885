import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/**
 * The key that seals the audit chain when AUDIT_HMAC_KEY is unset: public on purpose, for the demo
 * and the tests. A chain sealed with it proves nothing against anyone who can read this file;
 * production sets AUDIT_HMAC_KEY (config.ts).
 */
export const DEVELOPMENT_AUDIT_HMAC_KEY = 'detox-watch-development-audit-key--not-secret--set-AUDIT_HMAC_KEY';

/**
 * The audit key travels with the database handle it seals (connect.ts attaches it), so every
 * writer of audit rows, in any transaction of that handle, seals with the key the handle was opened
 * with: no module state to set at startup or reset between tests, and two handles (a test's second
 * server, a command-line tool) can each carry their own. It is a Kysely plugin only to ride along
 * with the handle and its transactions; it leaves queries and results untouched.
 */
export class AuditKey implements KyselyPlugin {
  constructor(readonly key: string) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** The key a database handle (or one of its transactions) seals audit rows with. */
export function auditKeyOf(db: { getExecutor(): { readonly plugins: readonly KyselyPlugin[] } }): string {
  const plugin = db.getExecutor().plugins.find((p): p is AuditKey => p instanceof AuditKey);
  // A handle made without connect() has no key: refuse rather than seal with a guess.
  if (!plugin) throw new Error('This database handle has no audit key: open it with connect(url, path, auditKey)');
  return plugin.key;
}
