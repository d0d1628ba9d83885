import type { AddressInfo } from 'node:net';
import { TRPCError } from '@trpc/server';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Refusal } from '../services/errors.js';
import { withJsonText } from '../services/json-text.js';
import { type Context, publicProcedure, router } from '../trpc.js';
import { answerJsonCalls } from './json-calls.js';

/**
 * The direct answer to JSON calls must be tRPC's own, byte for byte: the same router (the app's error
 * formatter and middlewares) is served twice, once through answerJsonCalls then tRPC's adapter, once
 * through the adapter alone, and every request gets the same status, headers and body from both.
 * Each case also says which of the two answered it on the first server, so a case meant for the
 * direct path cannot pass by falling through to tRPC.
 */
const testRouter = router({
  ward: router({
    bed: publicProcedure.input(z.object({ bed: z.string().min(1) })).query(({ input }) => ({ bed: input.bed })),
    census: publicProcedure.query(({ ctx }) => ({ user: ctx.user?.name ?? null })),
    // An answer a service holds the text of (services/json-text.ts), as a kept board or timeline is.
    kept: publicProcedure.query(() => {
      const board = { beds: ['1', '2'], alert: 'Pulse ≥ 110 – reassess' };
      return withJsonText(board, JSON.stringify(board));
    }),
    closed: publicProcedure.query(() => {
      throw new Refusal('FORBIDDEN', 'The ward is closed');
    }),
    broken: publicProcedure.query(() => {
      throw new Error('SqliteError: no such table: bed');
    }),
    chart: publicProcedure
      .input(z.object({ score: z.number().int().min(0).max(48) }))
      .mutation(({ input }) => ({ charted: input.score })),
    busy: publicProcedure.mutation(() => {
      throw new TRPCError({ code: 'CONFLICT', message: 'Someone else charted first' });
    }),
  }),
});

interface Logged {
  path: string | undefined;
  code: string;
  input?: unknown;
}

async function serve(direct: boolean) {
  const errors: Logged[] = [];
  const reachedAdapter: string[] = [];
  const app = express();
  const createContext = async ({ req }: { req: express.Request }): Promise<Context> => {
    if (req.headers['x-break-context']) throw new Error('the session store is down');
    return { user: req.headers['x-user'] ? { name: String(req.headers['x-user']) } : null } as unknown as Context;
  };
  const onError = ({ error, path, input }: { error: TRPCError; path: string | undefined; input?: unknown }) =>
    void errors.push({ path, code: error.code, input });
  const options = { router: testRouter, maxBodySize: 1000, maxBatchSize: 3 };
  app.use(
    '/trpc',
    ...(direct ? [answerJsonCalls({ ...options, createContext, onError })] : []),
    (req, _res, next) => {
      reachedAdapter.push(req.url);
      next();
    },
    createExpressMiddleware({ ...options, createContext, onError }),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/trpc`, server, errors, reachedAdapter };
}

let direct: Awaited<ReturnType<typeof serve>>;
let plain: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  direct = await serve(true);
  plain = await serve(false);
});

afterAll(() => {
  direct?.server.close();
  plain?.server.close();
});

const input = (value: unknown) => `input=${encodeURIComponent(JSON.stringify(value))}`;

interface Case {
  name: string;
  path: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  /** Whether tRPC's adapter, not the direct path, answers it. */
  adapter: boolean;
}

const CASES: Case[] = [
  { name: 'a query without input', path: '/ward.census', adapter: false },
  { name: 'a query reading the context', path: '/ward.census', headers: { 'x-user': 'Ana' }, adapter: false },
  { name: 'a query with input', path: `/ward.bed?${input({ bed: '7' })}`, adapter: false },
  { name: 'a query with invalid input', path: `/ward.bed?${input({ bed: '' })}`, adapter: false },
  { name: 'a query with no input where one is needed', path: '/ward.bed', adapter: false },
  { name: 'a refusal', path: '/ward.closed', adapter: false },
  { name: 'an unexpected failure', path: '/ward.broken', adapter: false },
  { name: 'a batch', path: `/ward.bed,ward.census?batch=1&${input({ 0: { bed: '3' } })}`, adapter: false },
  { name: 'a batch without input', path: '/ward.census,ward.census?batch=1', adapter: false },
  { name: 'a query whose answer has its text', path: '/ward.kept', adapter: false },
  { name: 'a batch of a kept text and a plain answer', path: '/ward.kept,ward.census?batch=1', adapter: false },
  { name: 'a batch of kept texts and a refusal', path: '/ward.kept,ward.closed,ward.kept?batch=1', adapter: false },
  {
    name: 'a batch with one refusal (207)',
    path: `/ward.bed,ward.closed?batch=1&${input({ 0: { bed: '3' } })}`,
    adapter: false,
  },
  { name: 'a batch refused whole (403)', path: '/ward.closed,ward.closed?batch=1', adapter: false },
  { name: 'a context that fails', path: '/ward.census', headers: { 'x-break-context': '1' }, adapter: false },
  { name: 'a mutation', path: '/ward.chart', method: 'POST', body: '{"score":12}', adapter: false },
  { name: 'a mutation with invalid input', path: '/ward.chart', method: 'POST', body: '{"score":49}', adapter: false },
  { name: 'a mutation that conflicts', path: '/ward.busy', method: 'POST', body: '{}', adapter: false },
  {
    name: 'a batch of mutations',
    path: '/ward.chart,ward.busy?batch=1',
    method: 'POST',
    body: '{"0":{"score":3}}',
    adapter: false,
  },
  // Everything below is tRPC's to answer, after the direct path has looked (and read the body).
  { name: 'an unknown procedure', path: '/ward.nothing', adapter: true },
  { name: 'a query sent as POST', path: '/ward.census', method: 'POST', body: '{}', adapter: true },
  { name: 'a mutation sent as GET', path: '/ward.chart', adapter: true },
  { name: 'query input that is not JSON', path: '/ward.bed?input=%7Bbed', adapter: true },
  { name: 'a body that is not JSON', path: '/ward.chart', method: 'POST', body: '{score:', adapter: true },
  { name: 'an empty body', path: '/ward.chart', method: 'POST', body: '', adapter: true },
  {
    name: 'a body over the limit',
    path: '/ward.chart',
    method: 'POST',
    body: `{"score":1${' '.repeat(1000)}}`,
    adapter: true,
  },
  { name: 'batch input that is not an object', path: `/ward.census?batch=1&${input([1])}`, adapter: true },
  {
    name: 'a batch over the size limit',
    path: '/ward.census,ward.census,ward.census,ward.census?batch=1',
    adapter: true,
  },
  { name: 'a batch mixing a query and a mutation', path: '/ward.census,ward.chart?batch=1', adapter: true },
  { name: 'a malformed escape in the name', path: '/ward.%E0%A4%A', adapter: true },
  {
    name: 'a body that is not JSON by its type',
    path: '/ward.chart',
    method: 'POST',
    body: '{"score":1}',
    headers: { 'content-type': 'text/plain' },
    adapter: true,
  },
  {
    name: 'a streamed answer asked for',
    path: '/ward.census?batch=1',
    headers: { 'trpc-accept': 'application/jsonl' },
    adapter: true,
  },
];

async function ask(base: string, c: Case) {
  const response = await fetch(`${base}${c.path}`, {
    method: c.method ?? 'GET',
    headers: { ...(c.method === 'POST' ? { 'content-type': 'application/json' } : {}), ...c.headers },
    body: c.body,
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    vary: response.headers.get('vary'),
    body: await response.text(),
  };
}

function caseNamed(name: string): Case {
  const found = CASES.find((c) => c.name === name);
  if (!found) throw new Error(`no case named ${name}`);
  return found;
}

describe('JSON calls answered without tRPC adapter', () => {
  it.each(CASES)('answers $name as tRPC does', async (c) => {
    direct.errors.length = 0;
    plain.errors.length = 0;
    direct.reachedAdapter.length = 0;
    const fromDirect = await ask(direct.base, c);
    const fromPlain = await ask(plain.base, c);
    expect(fromDirect).toEqual(fromPlain);
    expect(direct.errors).toEqual(plain.errors);
    expect(direct.reachedAdapter.length > 0, 'reached tRPC adapter').toBe(c.adapter);
  });

  it('answers the everyday cases as expected, so the comparison is not of two broken answers', async () => {
    const bed = await ask(direct.base, caseNamed('a query with input'));
    expect(bed).toMatchObject({ status: 200, contentType: 'application/json', vary: 'trpc-accept, accept' });
    expect(JSON.parse(bed.body)).toEqual({ result: { data: { bed: '7' } } });
    const mixed = await ask(direct.base, caseNamed('a batch with one refusal (207)'));
    expect(mixed.status).toBe(207);
    const [first, second] = JSON.parse(mixed.body);
    expect(first).toEqual({ result: { data: { bed: '3' } } });
    expect(second.error).toMatchObject({ message: 'The ward is closed', data: { code: 'FORBIDDEN', httpStatus: 403 } });
    const broken = await ask(direct.base, caseNamed('an unexpected failure'));
    expect(broken.status).toBe(500);
    expect(broken.body).not.toContain('no such table');
    const kept = await ask(direct.base, caseNamed('a batch of kept texts and a refusal'));
    expect(kept.status).toBe(207);
    const [board, refusal, again] = JSON.parse(kept.body);
    expect(board).toEqual({ result: { data: { beds: ['1', '2'], alert: 'Pulse ≥ 110 – reassess' } } });
    expect(refusal.error).toMatchObject({ message: 'The ward is closed' });
    expect(again).toEqual(board);
  });
});
