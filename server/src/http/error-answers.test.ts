import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notFound, unhandledError } from './error-answers.js';
import { requestLog } from './request-log.js';

/**
 * Whatever a route throws (issue 12, item 1), the answer shows no stack, no file of the server and no
 * absolute path, in development as in production; the log keeps the cause under the request's id.
 */
const logged: string[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => void logged.push(line) });
let base: string;
let close: () => void;
const previousEnv = process.env.NODE_ENV;

beforeAll(async () => {
  // Express shows its stack-trace page outside production: prove the answers do not depend on that.
  process.env.NODE_ENV = 'development';
  const app = express();
  app.use(requestLog(logger, () => {}));
  app.get('/throws', () => {
    throw new Error(`ENOENT: no such file or directory, open '${process.cwd()}/server/src/secret.ts'`);
  });
  app.get('/rejects', async (_req, _res, next) => {
    await Promise.resolve();
    next(Object.assign(new Error('SqliteError: no such table: session'), { code: 'SQLITE_ERROR' }));
  });
  app.get('/bad-body', (_req, _res, next) =>
    next(Object.assign(new Error('Unexpected token } in JSON'), { status: 400 })),
  );
  app.get('/odd-status', (_req, _res, next) => next(Object.assign(new Error('moved'), { status: 302 })));
  app.get('/half-sent', (_req, res, next) => {
    res.writeHead(200, { 'content-type': 'text/csv' });
    res.write('bed,score\n');
    next(new Error('the report stopped half way'));
  });
  app.use(notFound);
  app.use(unhandledError(logger));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});

afterAll(() => {
  close?.();
  process.env.NODE_ENV = previousEnv;
});

function expectNoInternals(body: string): void {
  expect(body).not.toMatch(/<pre>|<html|\bat [\w.<>]+ \(|\.ts\b|node_modules|ENOENT|Sqlite|no such table|token/);
  expect(body).not.toContain(process.cwd());
}

describe('answers to errors no route handled', () => {
  it('answers a thrown or passed-on failure with a JSON 500 naming the request id, and logs the cause', async () => {
    for (const address of ['/throws', '/rejects']) {
      const response = await fetch(`${base}${address}`);
      expect(response.status, address).toBe(500);
      expect(response.headers.get('content-type')).toContain('application/json');
      const body = await response.text();
      expectNoInternals(body);
      const id = response.headers.get('x-request-id');
      expect(id).toBeTruthy();
      expect(JSON.parse(body)).toEqual({
        error: { message: `Something went wrong on the server (request ${id}); try again` },
      });
      expect(logged.some((line) => line.includes(String(id)) && line.includes('unhandled error'))).toBe(true);
    }
    expect(logged.join('\n')).toContain('no such table: session');
  });

  it('keeps the 4xx status an Express layer raised, without its message', async () => {
    const response = await fetch(`${base}/bad-body`);
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ error: { message: 'The request could not be read' } });
    expectNoInternals(body);
  });

  it('answers 500 for a status that is not an error', async () => {
    const response = await fetch(`${base}/odd-status`);
    expect(response.status).toBe(500);
  });

  it('cuts a half-sent answer instead of ending it as if it were whole', async () => {
    const outcome = await fetch(`${base}/half-sent`)
      .then((response) => response.text())
      .then(
        () => 'read as whole',
        () => 'cut',
      );
    expect(outcome).toBe('cut');
  });

  it('answers an unknown address with a JSON 404', async () => {
    const response = await fetch(`${base}/no/such/page`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { message: 'Not found' } });
  });
});
