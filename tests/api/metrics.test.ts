import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedServer, startServer } from '../support/server.js';

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
  });
});
