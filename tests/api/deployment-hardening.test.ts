import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedServer, startServer } from '../support/server.js';
import { selectAll } from '../support/sqlite-counts.js';

/**
 * Deployment hardening (issue 11, items 7 and 10), on a server started as in production:
 * NODE_ENV=production, PUBLIC_ORIGIN set, no TRUSTED_PROXIES, a built client with a source map.
 */
const HOST = 'detox.test';
let server: StartedServer;
let clientDist: string;

beforeAll(async () => {
  clientDist = mkdtempSync(path.join(tmpdir(), 'detox-dist-'));
  writeFileSync(path.join(clientDist, 'index.html'), '<!doctype html><title>Detox Watch</title>');
  writeFileSync(path.join(clientDist, 'app.js'), 'console.log(1);\n//# sourceMappingURL=app.js.map');
  writeFileSync(path.join(clientDist, 'app.js.map'), '{"version":3,"sources":["secret-source.tsx"]}');
  server = await startServer({
    env: { NODE_ENV: 'production', PUBLIC_ORIGIN: `http://${HOST}`, CLIENT_DIST: clientDist },
  });
});

afterAll(async () => {
  await server?.stop();
  rmSync(clientDist, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: string;
}

/** A request with a chosen Host header (fetch does not let a caller set it). */
function send(method: string, pathAndQuery: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, method, path: pathAndQuery, headers: { host: HOST, ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('deployment hardening', () => {
  it('does not serve source maps in production, but serves the client', async () => {
    expect((await send('GET', '/app.js', {})).status).toBe(200);
    const map = await send('GET', '/app.js.map', {});
    expect(map.status).toBe(404);
    expect(map.body).not.toContain('secret-source');
  });

  it('answers only at the configured origin: another Host is refused (421), health checks answer any host', async () => {
    const wrong = await send('GET', '/trpc/units.list', { host: 'evil.test' });
    expect(wrong.status).toBe(421);
    expect(JSON.parse(wrong.body)).toMatchObject({
      error: { message: `This server answers only at http://${HOST}; open it at that address` },
    });
    expect((await send('GET', '/healthz', { host: '10.0.0.9:3000' })).status).toBe(200);
    expect((await send('GET', '/trpc/units.list', {})).status).toBe(401);
  });

  it('ignores X-Forwarded-For from a client that is not a trusted proxy: the throttle and the audit see the real address', async () => {
    const res = await send(
      'POST',
      '/trpc/auth.login',
      { 'content-type': 'application/json', 'x-forwarded-for': '10.9.9.9' },
      JSON.stringify({ username: 'nurse', password: 'wrong-password' }),
    );
    expect(res.status).toBe(401);
    const rows = selectAll<{ address: string }>(
      server.sqlitePath ?? '',
      "select address from login_attempt where username = 'nurse'",
    );
    expect(rows).toEqual([{ address: '127.0.0.1' }]);
  });

  it('audits a refused cross-site write', async () => {
    const res = await send(
      'POST',
      '/trpc/auth.logout',
      { 'content-type': 'application/json', origin: 'http://evil.test' },
      '{}',
    );
    expect(res.status).toBe(403);
    // The audit row is written after the answer: give it a moment.
    await new Promise((r) => setTimeout(r, 200));
    const rows = selectAll<{ action: string; outcome: string; address: string }>(
      server.sqlitePath ?? '',
      "select action, outcome, address from audit_event where entity = 'cross-site-request'",
    );
    expect(rows).toEqual([{ action: 'denied', outcome: 'denied', address: '127.0.0.1' }]);
  });

  it('keeps an idle keep-alive connection open past 5 s, so a proxy reusing it is not reset', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const health = () =>
      new Promise<{ status: number; reusedSocket: boolean }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: server.port, path: '/healthz', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, reusedSocket: req.reusedSocket }));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      expect(await health()).toEqual({ status: 200, reusedSocket: false });
      // Longer than Node's default keepAliveTimeout (5 s): the server would have closed the socket by now.
      await new Promise((r) => setTimeout(r, 6_000));
      expect(await health()).toEqual({ status: 200, reusedSocket: true });
    } finally {
      agent.destroy();
    }
  }, 15_000);
});
