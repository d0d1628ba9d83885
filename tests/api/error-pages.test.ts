import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedServer, startServer } from '../support/server.js';

/** Issue 12, item 1: an unknown address or an unreadable request gets a plain answer, never Express's page. */
let server: StartedServer;

beforeAll(async () => {
  // Development mode, where Express's own error page would show a stack trace.
  server = await startServer({ env: { NODE_ENV: 'development', CLIENT_DIST: '/nonexistent-client-dist' } });
});

afterAll(async () => {
  await server?.stop();
});

function expectNoInternals(body: string): void {
  expect(body).not.toMatch(/<pre>|\bat [\w.<>]+ \(|node_modules|\/server\/src\//);
  expect(body).not.toContain(process.cwd());
}

describe('error answers show no internals', () => {
  it('answers an unknown address with a JSON 404', async () => {
    const response = await fetch(`${server.url}/no/such/page`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ error: { message: 'Not found' } });
    expectNoInternals(body);
  });

  it('answers an address that cannot be decoded with a 400 in words', async () => {
    const response = await fetch(`${server.url}/reports/shift/%E0%A4%A.pdf`);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const body = await response.text();
    expect(JSON.parse(body).error.message).toMatch(/\w/);
    expectNoInternals(body);
  });
});
