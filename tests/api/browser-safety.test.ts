import { beforeAll, describe, expect, it } from 'vitest';
import { cows18, expectNothingWritten, useApiServer } from '../support/api.js';
import { selectAll } from '../support/sqlite-counts.js';
import { SESSION_COOKIE, type TrpcHttp, dataOf } from '../support/trpc-http.js';

/**
 * What keeps a browser safe: the security headers, the refusal of writes another site made the
 * browser send (CSRF), the body size limit holding while the server keeps serving, and request logs
 * that carry no patient data. The 413 message of each procedure is in errors.test.ts.
 */

// Logs at info: the test reads the request lines from the server's output (it is printed only on failure).
const api = useApiServer({ env: { LOG_LEVEL: 'info' } });

const CROSS_SITE = 'Requests from another site are refused; open Detox Watch at its own address and try again';

let admissionId: number;
beforeAll(() => {
  admissionId = api.admissionInBed('1');
});

interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  body: { error?: { message: string; data: { code: string; httpStatus: number; path?: string } } } & Record<
    string,
    unknown
  >;
}

/** A POST as a browser would send it, with the headers a test chooses (TrpcHttp sends none of these). */
async function post(
  client: TrpcHttp | null,
  name: string,
  body: string,
  headers: Record<string, string>,
): Promise<RawResponse> {
  const all: Record<string, string> = { 'content-type': 'application/json', ...headers };
  if (client?.cookie) all.cookie = `${SESSION_COOKIE}=${client.cookie}`;
  const res = await fetch(`${api.server.url}/trpc/${name}`, { method: 'POST', headers: all, body });
  const text = await res.text();
  let parsed: RawResponse['body'] = {};
  try {
    parsed = JSON.parse(text) as RawResponse['body'];
  } catch {
    // not JSON: the assertions on status say enough
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

function expectCrossSiteRefusal(res: RawResponse, procedure: string) {
  expect(res.status, res.text).toBe(403);
  expect(res.body.error?.message).toBe(CROSS_SITE);
  expect(res.body.error?.data).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403, path: procedure });
}

const assessmentsOf = (id: number) =>
  selectAll(api.sqlitePath, 'select id from assessment where admission_id = ?', id).length;
const loginAttempts = () => selectAll(api.sqlitePath, 'select id from login_attempt').length;

/** The server's JSON log lines so far. */
function logLines(): Record<string, unknown>[] {
  return api.server
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The request line with this id; pino may write it a moment after the response. */
async function requestLine(reqId: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 40; i++) {
    const line = logLines().find((l) => l.reqId === reqId && l.msg === 'request');
    if (line) return line;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no request log line with reqId ${reqId}; output:\n${api.server.output().slice(-3000)}`);
}

describe('security headers', () => {
  it.each(['/healthz', '/trpc/units.list'])('are on every response (%s)', async (path) => {
    const res = await fetch(`${api.server.url}${path}`);
    const csp = res.headers.get('content-security-policy') ?? '';
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name = '', ...values]) => [name, values]),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    // Recharts positions its tooltip with inline styles: style-src alone allows inline.
    expect(directives.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'self'"]);
    expect(directives.get('form-action')).toEqual(["'self'"]);
    expect(csp).not.toMatch(/unsafe-eval|\*/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('x-powered-by')).toBeNull();
    // Plain HTTP (COOKIE_SECURE off): no HSTS, which would send the browser to an HTTPS port that does not answer.
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps API answers out of caches (a shared bedside tablet)', async () => {
    const res = await fetch(`${api.server.url}/trpc/units.list`);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('writes from another site (CSRF)', () => {
  it('refuses a cross-origin POST with the nurse’s own cookie: 403 in tRPC’s shape, nothing written', async () => {
    const before = assessmentsOf(admissionId);
    const res = await expectNothingWritten(api, () =>
      post(api.nurse, 'assessments.record', JSON.stringify(cows18(admissionId)), { origin: 'https://evil.example' }),
    );
    expectCrossSiteRefusal(res, 'assessments.record');
    expect(assessmentsOf(admissionId)).toBe(before);
  });

  it('refuses a cross-origin login: no session, no login attempt counted', async () => {
    const attempts = loginAttempts();
    const res = await post(null, 'auth.login', JSON.stringify({ username: 'nurse', password: 'demo-nurse' }), {
      origin: 'http://evil.example',
    });
    expectCrossSiteRefusal(res, 'auth.login');
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(loginAttempts()).toBe(attempts);
  });

  // The scheme is not compared: behind a proxy that ends TLS, the page is https and the server sees http.
  it.each([
    ['the same host on another port', (url: URL) => `${url.protocol}//${url.hostname}:${Number(url.port) + 1}`],
    ['an opaque origin ("null", a sandboxed frame or a file)', () => 'null'],
    ['a look-alike host', (url: URL) => `${url.protocol}//${url.hostname}.evil.example:${url.port}`],
  ])('refuses an Origin of %s', async (_what, origin) => {
    const res = await expectNothingWritten(api, () =>
      post(api.nurse, 'assessments.record', JSON.stringify(cows18(admissionId)), {
        origin: origin(new URL(api.server.url)),
      }),
    );
    expectCrossSiteRefusal(res, 'assessments.record');
  });

  it('refuses a POST without Origin when the browser says it is cross-site (Sec-Fetch-Site)', async () => {
    const res = await expectNothingWritten(api, () =>
      post(api.nurse, 'assessments.record', JSON.stringify(cows18(admissionId)), { 'sec-fetch-site': 'cross-site' }),
    );
    expectCrossSiteRefusal(res, 'assessments.record');
  });

  it('refuses a cross-origin body of several MB without reading it (403, not 413)', async () => {
    // The server answers before the body has arrived and closes the connection: depending on timing the
    // client reads the 403, or its upload is cut off (EPIPE / ECONNRESET). Both are a refusal unread.
    const res = await expectNothingWritten(api, () =>
      post(
        api.nurse,
        'assessments.record',
        JSON.stringify(cows18(admissionId, { note: 'x'.repeat(3 * 1024 * 1024) })),
        { origin: 'https://evil.example' },
      ).catch((error: Error & { cause?: { code?: string } }) => {
        expect(['EPIPE', 'ECONNRESET'], String(error.cause ?? error)).toContain(error.cause?.code);
        return null;
      }),
    );
    if (res) expectCrossSiteRefusal(res, 'assessments.record');
    // And the server keeps serving.
    expect((await fetch(`${api.server.url}/healthz`)).status).toBe(200);
  });

  it('accepts a same-origin POST, as the app sends it', async () => {
    const before = assessmentsOf(admissionId);
    const res = await post(api.nurse, 'assessments.record', JSON.stringify(cows18(admissionId)), {
      origin: api.server.url,
      'sec-fetch-site': 'same-origin',
    });
    expect(res.status, res.text).toBe(200);
    expect(assessmentsOf(admissionId)).toBe(before + 1);
  });

  it('accepts a POST without Origin (curl, scripts, other systems)', async () => {
    const res = await post(api.nurse, 'assessments.record', '{}', {});
    // An empty form: the point is that it reached the procedure (400 with the issues, not 403).
    expect(res.status, res.text).toBe(400);
    const ok = await post(api.physician, 'assessments.record', JSON.stringify(cows18(admissionId)), {});
    expect(ok.status, ok.text).toBe(200);
  });

  it('does not check reads: a query changes nothing, and the browser keeps its answer from the other site', async () => {
    const res = await fetch(`${api.server.url}/trpc/auth.me`, {
      headers: { origin: 'https://evil.example', cookie: `${SESSION_COOKIE}=${api.nurse.cookie}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the body size limit', () => {
  it('answers a 3 MB body with 413 and keeps serving', async () => {
    const res = await post(
      api.nurse,
      'assessments.record',
      JSON.stringify(cows18(admissionId, { note: 'y'.repeat(3 * 1024 * 1024) })),
      { origin: api.server.url },
    );
    expect(res.status).toBe(413);
    expect(res.body.error?.data.code).toBe('PAYLOAD_TOO_LARGE');
    const [health, me] = await Promise.all([fetch(`${api.server.url}/healthz`), api.nurse.query('auth.me')]);
    expect(health.status).toBe(200);
    expect(dataOf(me)).toMatchObject({ role: 'nurse' });
  });
});

describe('request logs', () => {
  it('write one line per request with id, method, path, status and duration, and the id goes back as X-Request-Id', async () => {
    const res = await api.nurse.query('census.board', { unitId: api.unitId });
    const reqId = res.headers.get('x-request-id') ?? '';
    const line = await requestLine(reqId);
    expect(line).toMatchObject({
      level: 30,
      msg: 'request',
      reqId,
      method: 'GET',
      path: '/trpc/census.board',
      status: 200,
    });
    expect(typeof line.durationMs).toBe('number');
  });

  it('never hold a query string, a body, a password or a session cookie', async () => {
    const query = await api.nurse.query('admissions.list', { unitId: api.unitId, mrn: 'MRN-LEAK-4711' });
    const login = await post(
      null,
      'auth.login',
      JSON.stringify({ username: 'nurse', password: 'WRONG-SECRET-0815' }),
      {},
    );
    expect(login.status).toBe(401);
    const queryLine = await requestLine(query.headers.get('x-request-id') ?? '');
    expect(queryLine.path).toBe('/trpc/admissions.list');
    await requestLine(login.headers.get('x-request-id') ?? '');
    const output = api.server.output();
    for (const secret of ['MRN-LEAK-4711', 'WRONG-SECRET-0815', 'input=', api.nurse.cookie ?? 'no cookie'])
      expect(output).not.toContain(secret);
  });

  it('note the tRPC error code on the request line, and keep an id a load balancer gave', async () => {
    const res = await fetch(`${api.server.url}/trpc/auth.me`, { headers: { 'x-request-id': 'lb-7f3a9c21e0' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-request-id')).toBe('lb-7f3a9c21e0');
    expect(await requestLine('lb-7f3a9c21e0')).toMatchObject({ status: 401, trpcCodes: ['UNAUTHORIZED'] });
  });

  it('log a refused cross-site write with why, still without the body', async () => {
    const res = await post(
      api.nurse,
      'assessments.record',
      JSON.stringify(cows18(admissionId, { note: 'NOTE-LEAK-42' })),
      { origin: 'https://evil.example' },
    );
    const reqId = res.headers.get('x-request-id') ?? '';
    expect(await requestLine(reqId)).toMatchObject({ method: 'POST', path: '/trpc/assessments.record', status: 403 });
    expect(logLines().find((l) => l.reqId === reqId && l.msg === 'cross-site request refused')).toMatchObject({
      level: 40,
      reason: 'origin https://evil.example',
    });
    expect(api.server.output()).not.toContain('NOTE-LEAK-42');
  });
});
