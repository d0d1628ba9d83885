import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedPostgres, startPostgres } from '../support/postgres.js';
import { type StartedServer, startServer } from '../support/server.js';
import { selectAll } from '../support/sqlite-counts.js';
import { SESSION_COOKIE, TrpcHttp } from '../support/trpc-http.js';

/** GET /metrics (issue 12): only with the bearer token, with bounded labels and the event-loop delay. */
const TOKEN = 'metrics-token-for-tests-0123456789';
let withToken: StartedServer;
let withoutToken: StartedServer;

beforeAll(async () => {
  [withToken, withoutToken] = await Promise.all([startServer({ env: { METRICS_TOKEN: TOKEN } }), startServer()]);
});

afterAll(async () => {
  await Promise.all([withToken?.stop(), withoutToken?.stop()]);
});

describe('/metrics', () => {
  it('does not exist when METRICS_TOKEN is not set', async () => {
    const response = await fetch(`${withoutToken.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(404);
  });

  it('refuses a missing or wrong token with 401 and says what to send', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${TOKEN}x`, TOKEN]) {
      const response = await fetch(`${withToken.url}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(response.status).toBe(401);
      expect(await response.text()).toContain('Authorization: Bearer');
    }
  });

  it('reports the event-loop delay and each procedure by name, never the raw path a client sent', async () => {
    await fetch(`${withToken.url}/trpc/auth.me`);
    await fetch(`${withToken.url}/trpc/no.such.procedure.${'x'.repeat(40)}`);
    const response = await fetch(`${withToken.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
    expect(text).toMatch(/detox_http_request_duration_seconds_count\{route="auth\.me",status="4xx"\} 1/);
    expect(text).toContain('route="trpc:other"');
    expect(text).not.toContain('no.such.procedure');
    // Nothing is waiting for its turn once the calls are answered (http/request-gate.ts).
    expect(sample(text, 'detox_calls_waiting')).toBe(0);
  });
});

/** Scrapes /metrics with the token. */
async function scrape(server: StartedServer): Promise<string> {
  const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of one sample line (`name{labels} value`), or null when the series is absent. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? null : Number(line.slice(series.length + 1));
}

describe('/metrics, what it counts (issue 12, item 5)', () => {
  it('shows none of its figures to a caller without the token', async () => {
    await fetch(`${withToken.url}/trpc/auth.me`);
    for (const authorization of [undefined, 'Bearer wrong-token-of-some-length']) {
      const response = await fetch(`${withToken.url}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(response.status).toBe(401);
      expect(await response.text()).not.toMatch(/detox_|nodejs_|process_/);
    }
  });

  it('counts the request rate and times each procedure, each call of a batch on its own', async () => {
    const nurse = new TrpcHttp(withToken.url);
    await nurse.login('nurse', 'demo-nurse');
    const before = await scrape(withToken);
    const rate = (text: string) =>
      sample(text, 'detox_http_request_duration_seconds_count{route="trpc:batch",status="2xx"}') ?? 0;
    const timed = (text: string, procedure: string) =>
      sample(text, `detox_trpc_procedure_duration_seconds_count{procedure="${procedure}"}`) ?? 0;
    // One request carrying two procedures, as the client's batch link sends them.
    const batch = await nurse.request('GET', '/trpc/auth.me,instruments.list?batch=1');
    expect(batch.status).toBe(200);
    await nurse.query('instruments.list');
    const after = await scrape(withToken);
    expect(rate(after) - rate(before)).toBe(1);
    expect(timed(after, 'auth.me') - timed(before, 'auth.me')).toBe(1);
    expect(timed(after, 'instruments.list') - timed(before, 'instruments.list')).toBe(2);
    expect(after).toMatch(
      /^detox_trpc_procedure_duration_seconds_bucket\{le="0\.005",procedure="instruments\.list"\} \d/m,
    );
  });

  it('counts errors by procedure and tRPC code, batched or not, 5xx by route', async () => {
    const before = await scrape(withToken);
    const errorsOf = (text: string, procedure: string, code: string) =>
      sample(text, `detox_trpc_errors_total{procedure="${procedure}",code="${code}"}`) ?? 0;
    const anonymous = new TrpcHttp(withToken.url);
    await anonymous.query('census.board', { unitId: 1 });
    await anonymous.query('census.board', { unitId: 1 });
    const nurse = new TrpcHttp(withToken.url);
    await nurse.login('nurse', 'demo-nurse');
    const badInput = await nurse.query('census.board', { unitId: 'first' });
    expect(badInput.status).toBe(400);
    await nurse.request('GET', `/trpc/auth.me,census.board?batch=1&input=${encodeURIComponent('{"1":{"unitId":-1}}')}`);
    const after = await scrape(withToken);
    expect(errorsOf(after, 'census.board', 'UNAUTHORIZED') - errorsOf(before, 'census.board', 'UNAUTHORIZED')).toBe(2);
    expect(errorsOf(after, 'census.board', 'BAD_REQUEST') - errorsOf(before, 'census.board', 'BAD_REQUEST')).toBe(2);
    expect(after).toMatch(/^# TYPE detox_http_server_errors_total counter/m);
  });

  it('shows the event streams open now', async () => {
    const nurse = new TrpcHttp(withToken.url);
    await nurse.login('nurse', 'demo-nurse');
    const open = () => sample(text, 'detox_event_streams_open');
    let text = await scrape(withToken);
    expect(open()).toBe(0);
    const streams = [new AbortController(), new AbortController()];
    for (const controller of streams) {
      const response = await fetch(
        `${withToken.url}/trpc/events.unit?input=${encodeURIComponent(JSON.stringify({ unitId: 1 }))}`,
        {
          headers: { accept: 'text/event-stream', cookie: `${SESSION_COOKIE}=${nurse.cookie}` },
          signal: controller.signal,
        },
      );
      expect(response.status).toBe(200);
    }
    text = await scrape(withToken);
    expect(open()).toBe(2);
    for (const controller of streams) controller.abort();
    await expect
      .poll(async () => sample(await scrape(withToken), 'detox_event_streams_open'), { timeout: 5_000 })
      .toBe(0);
  });

  it("shows SQLite's group-commit queue, and no pool figures on SQLite", async () => {
    const text = await scrape(withToken);
    expect(sample(text, 'detox_db_group_commit_queue{state="waiting"}')).toBe(0);
    expect(sample(text, 'detox_db_group_commit_queue{state="batched"}')).toBe(0);
    expect(text).not.toMatch(/^detox_db_connections\{/m);
    // SQLite has no sealer: one writer, nothing to refuse.
    expect(text).not.toMatch(/^detox_audit_seal_calls_total\{/m);
  });

  it('shows the audit chain length: the rows of the audit trail, growing as the server audits', async () => {
    const sqlitePath = withToken.sqlitePath;
    if (!sqlitePath) throw new Error('this server runs on SQLite');
    const rows = () => Number(selectAll<{ n: number }>(sqlitePath, 'select count(*) as n from audit_event')[0]?.n);
    const first = sample(await scrape(withToken), 'detox_audit_chain_length');
    expect(first).toBe(rows());
    expect(first).toBeGreaterThan(0);
    await new TrpcHttp(withToken.url).login('physician', 'demo-physician');
    const second = sample(await scrape(withToken), 'detox_audit_chain_length');
    expect(second).toBe(rows());
    expect(second).toBeGreaterThan(first ?? 0);
  });
});

describe('/metrics on PostgreSQL', () => {
  let postgres: StartedPostgres;
  let server: StartedServer;

  beforeAll(async () => {
    postgres = await startPostgres();
    // PUBLIC_ORIGIN as in production: Prometheus scrapes each instance by its address, not that name.
    server = await startServer({
      databaseUrl: postgres.url,
      env: { METRICS_TOKEN: TOKEN, PUBLIC_ORIGIN: 'https://detox.example.org' },
    });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await postgres?.stop();
  });

  it("shows the connection pool's use (open, idle, waiting) and the audit chain length, scraped by address", async () => {
    // The host check is on: the app itself answers only at the public name.
    expect((await fetch(`${server.url}/trpc/auth.session`)).status).toBe(421);
    const text = await scrape(server);
    const total = sample(text, 'detox_db_connections{state="total"}');
    const idle = sample(text, 'detox_db_connections{state="idle"}');
    expect(total).toBeGreaterThanOrEqual(1);
    // The pool's ceiling (connect.ts): what docs/deploy.md counts per instance against max_connections.
    expect(total).toBeLessThanOrEqual(10);
    expect(idle).toBeGreaterThanOrEqual(0);
    expect(idle).toBeLessThanOrEqual(total ?? 0);
    expect(sample(text, 'detox_db_connections{state="waiting"}')).toBe(0);
    expect(text).not.toMatch(/^detox_db_group_commit_queue\{/m);
    expect(sample(text, 'detox_audit_chain_length')).toBeGreaterThan(0);
    // How often the chain's head had moved under this instance (tests/api/multi-instance.test.ts
    // shows a refused call saved by another instance's news of the head).
    expect(sample(text, 'detox_audit_seal_calls_total{outcome="sealed"}')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'detox_audit_seal_calls_total{outcome="refused"}')).toBeGreaterThanOrEqual(0);
  });
});
