import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  UnknownRow,
} from 'kysely';

/**
 * Counts the statements a handle runs (`db.withPlugin(counter)`), at their results: a query compiled
 * once (compiledOnce) is not transformed again, but its result still passes through. Raw SQL counts
 * too; BEGIN and COMMIT do not.
 */
export class StatementCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs) {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.count++;
    return args.result;
  }
}
