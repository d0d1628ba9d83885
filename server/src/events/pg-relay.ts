import pg from 'pg';
import type { ChainHead } from '../services/audit-append-postgres.js';
import type { SessionEnd, UnitEvent, UnitEvents } from './unit-events.js';

const CHANNEL = 'detox_unit_events';
const RECONNECT_MS = 5_000;
const NOTIFY = 'select pg_notify($1, $2)';

function isUnitEvent(value: unknown): value is UnitEvent {
  const v = value as Partial<UnitEvent> | null;
  return (
    typeof v?.unitId === 'number' &&
    typeof v.admissionId === 'number' &&
    typeof v.kind === 'string' &&
    typeof v.at === 'string'
  );
}

function isSessionEnd(value: unknown): value is SessionEnd {
  const end = (value as Partial<SessionEnd> | null)?.sessionEnded;
  return (
    typeof end === 'object' && end !== null && (typeof end.sessionId === 'string' || typeof end.userId === 'number')
  );
}

function isChainHead(value: unknown): value is ChainHead {
  const v = value as Partial<ChainHead> | null;
  return Number.isInteger(v?.lastId) && typeof v?.hmac === 'string';
}

/**
 * The audit sealer's part in the relay (audit-sealer-postgres.ts): each event an instance publishes
 * carries the chain's head as that instance last sealed it (the event's write is sealed by then), and
 * the others seal their next rows after it instead of after a head they would find moved. The
 * field is taken off before the event reaches a screen; an instance of the previous version, during a
 * rolling upgrade, passes it on to its screens (an HMAC of the chain, not its key: it forges nothing).
 */
export interface ChainHeadNews {
  knownHead(): ChainHead | null;
  heardHead(head: ChainHead): void;
}

export interface PostgresRelay {
  close(): Promise<void>;
}

/**
 * Fans unit events out to every server instance on the same PostgreSQL (architecture.md: many
 * stateless instances behind a load balancer). Publishing sends NOTIFY; one dedicated connection per
 * instance LISTENs and hands each event to its own subscribers, the publisher's included. While the
 * listening connection is down, events stay in process and the connection is retried.
 */
export async function startPostgresRelay(
  events: UnitEvents,
  databaseUrl: string,
  log: (message: string) => void = console.warn,
  chain?: ChainHeadNews,
): Promise<PostgresRelay> {
  const notifier = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  let listener: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const relay = async (event: UnitEvent | SessionEnd) => {
    const chainHead = 'sessionEnded' in event ? null : (chain?.knownHead() ?? null);
    const message = chainHead ? { ...event, chainHead } : event;
    // A named statement: each notifier connection parses and plans it once, not on every write.
    await notifier.query({ name: 'detox_notify', text: NOTIFY, values: [CHANNEL, JSON.stringify(message)] });
  };

  async function listen(): Promise<void> {
    const client = new pg.Client({ connectionString: databaseUrl });
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        const parsed: unknown = JSON.parse(message.payload);
        if (typeof parsed !== 'object' || parsed === null) return;
        const { chainHead, ...event } = parsed as { chainHead?: unknown };
        if (chain && isChainHead(chainHead)) chain.heardHead(chainHead);
        if (isUnitEvent(event) || isSessionEnd(event)) events.receive(event);
      } catch {
        // Not ours (someone else NOTIFYing on the channel): ignore it.
      }
    });
    client.on('error', (error) => {
      if (closed) return;
      log(
        `live updates: the PostgreSQL listener failed (${error.message}); events stay on this instance until it reconnects`,
      );
      events.useRelay(undefined);
      listener = undefined;
      void client.end().catch(() => {});
      scheduleReconnect();
    });
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
    listener = client;
    events.useRelay(relay);
  }

  function scheduleReconnect() {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      listen().catch((error: Error) => {
        log(
          `live updates: reconnecting to PostgreSQL failed (${error.message}); trying again in ${RECONNECT_MS / 1000} s`,
        );
        scheduleReconnect();
      });
    }, RECONNECT_MS);
    retry.unref();
  }

  await listen();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      events.useRelay(undefined);
      await listener?.end();
      await notifier.end();
    },
  };
}
