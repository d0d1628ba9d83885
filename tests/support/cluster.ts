import { type StartedLoadBalancer, startLoadBalancer } from './load-balancer.js';
import { type StartedPostgres, freePort, startPostgres } from './postgres.js';
import { RELIABILITY_AUDIT_KEY, withPostgres } from './reliability-helpers.js';
import { type StartedServer, startServer } from './server.js';

/**
 * Two server instances on one throwaway PostgreSQL behind HAProxy on loopback (issue 12, items 2-4),
 * the way docs/deploy.md runs a hospital group: every instance on its own fixed port (a restart
 * comes back on the same one), the same AUDIT_HMAC_KEY everywhere, X-Forwarded-For believed from
 * the balancer only, and a short SHUTDOWN_DELAY_MS so a stopping instance leaves the pool before it
 * closes its port.
 */

export const INSTANCE_NAMES = ['a', 'b'] as const;
export type InstanceName = (typeof INSTANCE_NAMES)[number];

export interface Cluster {
  postgres: StartedPostgres;
  /** The cluster's own database (not the maintenance one). */
  databaseUrl: string;
  instances: Record<InstanceName, StartedServer>;
  ports: Record<InstanceName, number>;
  balancer: StartedLoadBalancer;
  /** Starts an instance again on its port (after kill or SIGTERM) and waits until the balancer has it back. */
  restart(name: InstanceName): Promise<StartedServer>;
  /** Everything each instance printed, every run of it, for failure messages. */
  outputs(): string;
  stop(): Promise<void>;
}

/** Health checks every 200 ms; the drain delay is longer, so the balancer sees 503 before the port closes. */
const CHECK_INTERVAL_MS = 200;
export const CLUSTER_ENV = {
  AUDIT_HMAC_KEY: RELIABILITY_AUDIT_KEY,
  TRUSTED_PROXIES: 'loopback',
  SHUTDOWN_DELAY_MS: '1000',
};

/**
 * `env`: extra environment for every instance (e.g. NODE_ENV=production for the benches); `nodeArgs`:
 * extra node flags for every instance.
 */
export async function startCluster(
  options: { env?: Record<string, string>; nodeArgs?: string[] } = {},
): Promise<Cluster> {
  // Every DDL statement is logged, so a test can count how often the migrations ran.
  const postgres = await startPostgres({ settings: ['log_statement=ddl'] });
  const previousOutputs: string[] = [];
  let instances: Partial<Record<InstanceName, StartedServer>> = {};
  let balancer: StartedLoadBalancer | null = null;
  try {
    await withPostgres(postgres.url, (pg) => pg.query('create database detox_cluster'));
    const databaseUrl = postgres.url.replace(/\/postgres$/, '/detox_cluster');
    const ports = { a: await freePort(), b: await freePort() };
    const start = (name: InstanceName) =>
      startServer({
        databaseUrl,
        env: { ...CLUSTER_ENV, ...options.env, PORT: String(ports[name]) },
        startTimeoutMs: 90_000,
        ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}),
      });
    // Both at once on an empty database: the migrations and the demo seed must run once.
    const [a, b] = await Promise.allSettled([start('a'), start('b')]);
    if (a.status === 'fulfilled') instances.a = a.value;
    if (b.status === 'fulfilled') instances.b = b.value;
    if (a.status === 'rejected') throw a.reason;
    if (b.status === 'rejected') throw b.reason;
    const started = instances as Record<InstanceName, StartedServer>;
    balancer = await startLoadBalancer(
      INSTANCE_NAMES.map((name) => ({ name, port: ports[name] })),
      { checkIntervalMs: CHECK_INTERVAL_MS },
    );
    const lb = balancer;
    await lb.waitFor('UP', ['a', 'b']);
    return {
      postgres,
      databaseUrl,
      instances: started,
      ports,
      balancer: lb,
      async restart(name) {
        previousOutputs.push(`--- ${name} (earlier run) ---\n${started[name].output()}`);
        await started[name].stop();
        started[name] = await start(name);
        await lb.waitFor('UP', [name]);
        return started[name];
      },
      outputs: () =>
        [...previousOutputs, ...INSTANCE_NAMES.map((n) => `--- ${n} ---\n${started[n].output()}`)].join('\n'),
      async stop() {
        await lb.stop();
        await Promise.all(INSTANCE_NAMES.map((n) => started[n].stop()));
        await postgres.stop();
      },
    };
  } catch (error) {
    await balancer?.stop();
    await Promise.all(Object.values(instances).map((s) => s.stop()));
    await postgres.stop();
    instances = {};
    throw error;
  }
}
