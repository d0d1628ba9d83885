import { loadConfig } from './config.js';
import { connect } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { seedDemoIfEmpty } from './db/seed/demo.js';
import { createApp } from './app.js';
import { Lifecycle } from './http/graceful-shutdown.js';
import { startPostgresRelay } from './events/pg-relay.js';
import { UnitEvents } from './events/unit-events.js';
import { auditSealerOf } from './services/audit.js';
import { startAuditSealing } from './services/audit-sealer-postgres.js';

const config = loadConfig();
if (config.auditHmacKeyIsDevelopment) {
  console.warn(
    'WARNING: AUDIT_HMAC_KEY is not set, so the audit trail is sealed with the public development key and its chain is not secret: anyone with write access to the database could rewrite it undetected. Fine for a demo or test; in production set AUDIT_HMAC_KEY (`openssl rand -hex 32`), the same on every server instance.',
  );
}
// Every audit row written through this handle, the demo seed's included, is sealed with the config's key.
const { db, background, dialect, location, use, auditRows } = connect(
  config.databaseUrl,
  config.defaultSqlitePath,
  config.auditHmacKey,
);
// The demo seed runs under the migrations' lock: instances starting together on an empty database load it once.
await migrateToLatest(db, async () => {
  if (config.seed !== 'demo') return;
  const seeded = await seedDemoIfEmpty(db);
  if (seeded) console.log(`Loaded the demo unit "${seeded.unitName}" with ${seeded.patients} patients.`);
});

// On PostgreSQL audit rows are sealed into the chain after their writes commit; rows a stopped server
// left waiting are sealed now, and rows another instance leaves, within seconds.
const sealer = dialect === 'postgres' ? auditSealerOf(db) : undefined;
const sealing = sealer ? startAuditSealing(sealer) : undefined;

const events = new UnitEvents();
// Instances sharing PostgreSQL hear each other's changes, and where each sealed the audit chain to;
// on SQLite there is one instance.
const relay =
  sealer && config.databaseUrl ? await startPostgresRelay(events, config.databaseUrl, console.warn, sealer) : undefined;
const lifecycle = new Lifecycle();
const app = createApp({
  db,
  backgroundDb: background,
  events,
  config,
  lifecycle,
  databaseUse: use,
  countAuditRows: auditRows.count,
});
const server = app.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`Detox Watch is running on ${dialect} (${location})`);
  console.log(`Open http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/`);
  if (config.seed === 'demo') {
    console.log(
      'Demo logins: nurse / demo-nurse, physician / demo-physician, admin / demo-admin, nurse-south / demo-nurse-south',
    );
  }
  // A line the tests wait for: the port is chosen by the OS when PORT=0.
  console.log(`listening on port ${port}`);
});
// Node closes an idle keep-alive connection after 5 s by default. A reverse proxy (or a client) that
// keeps idle connections longer sends its next request as the server closes the socket and gets
// ECONNRESET. Hold idle connections longer than the common proxy idle timeout (60 s); the headers
// timeout must exceed it. A graceful stop still closes idle connections at once (Lifecycle.drain).
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: not ready; finishing requests in flight, then closing`);
  // SHUTDOWN_DELAY_MS: how long /readyz says 503 before the port closes (the balancer's check interval).
  await lifecycle.drain(server, { delayMs: config.shutdownDelayMs, timeoutMs: 10_000 });
  await relay?.close();
  await sealing?.stop();
  await auditRows.close();
  if (background !== db) await background.destroy();
  await db.destroy();
  console.log(`${signal}: closed`);
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
