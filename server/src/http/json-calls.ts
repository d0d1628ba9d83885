import type { IncomingMessage } from 'node:http';
import {
  type AnyProcedure,
  type AnyTRPCRouter,
  type TRPCError,
  getErrorShape,
  getTRPCErrorFromUnknown,
} from '@trpc/server';
import { getHTTPStatusCode } from '@trpc/server/http';
import type { Request, RequestHandler, Response } from 'express';
import { jsonArrayOf, jsonTextGiven } from '../services/json-text.js';

/**
 * Query and mutation calls, one or a batch, with JSON in and out: the API's everyday requests,
 * answered here without tRPC's HTTP adapter (issue 16, item 1). That adapter turns every request
 * into a fetch Request and Response, with abort signals, a Headers copy and a web stream for the
 * body; a profile of authenticated reads put about a sixth of the server's CPU there. The calls run
 * through the same procedures (their middlewares, input validation and error formatter), and the
 * answer is tRPC's own: the same body, status (207 for a mixed batch) and headers.
 *
 * Anything else goes on to tRPC unchanged: subscriptions, a name that is no procedure or a method
 * that does not fit it, input that is not JSON, a body without a length or over the limit, streamed
 * answers (trpc-accept), HEAD. So does every refusal that happens before a procedure runs.
 */
export interface JsonCallOptions<TContext extends object> {
  router: AnyTRPCRouter;
  maxBodySize: number;
  maxBatchSize: number;
  createContext: (opts: { req: Request; res: Response }) => Promise<TContext>;
  onError: (opts: {
    error: TRPCError;
    path: string;
    input: unknown;
    ctx: TContext | undefined;
    type: 'query' | 'mutation';
    req: Request;
  }) => void;
}

type CallType = 'query' | 'mutation';

interface Call {
  path: string;
  procedure: AnyProcedure;
  input: unknown;
}

type Answer = { result: { data: unknown } } | { error: ReturnType<typeof getErrorShape> };

/**
 * An answer's JSON, as tRPC writes it; an answer a service already holds the text of (a kept
 * timeline, services/json-text.ts) is sent as that text rather than serialised again.
 */
function answerText(answer: Answer): string | Buffer {
  const given = 'result' in answer ? jsonTextGiven(answer.result.data) : undefined;
  return given === undefined ? JSON.stringify(answer) : Buffer.concat([RESULT_OPEN, given, RESULT_CLOSE]);
}

const RESULT_OPEN = Buffer.from('{"result":{"data":');
const RESULT_CLOSE = Buffer.from('}}');

/** The body: one answer, or a batch's array; bytes when some answer's text is (json-text.ts). */
function bodyOf(answers: Answer[], batch: boolean): string | Buffer {
  const texts = answers.map(answerText);
  if (!batch) return texts[0] as string | Buffer;
  if (texts.every((text) => typeof text === 'string')) return `[${texts.join(',')}]`;
  return jsonArrayOf(texts.map((text) => (typeof text === 'string' ? Buffer.from(text) : text)));
}

/** The calls a request names, or null when tRPC should answer it (see above). */
function callsOf(
  router: AnyTRPCRouter,
  req: Request,
  maxBatchSize: number,
  body: string | undefined,
): { type: CallType; batch: boolean; calls: Call[] } | null {
  const queryAt = req.url.indexOf('?');
  const search = new URLSearchParams(queryAt === -1 ? '' : req.url.slice(queryAt + 1));
  if (search.has('connectionParams')) return null;
  const batch = search.get('batch') === '1';
  let paths: string[];
  try {
    const encoded = req.path.slice(req.path.lastIndexOf('/') + 1);
    paths = batch ? decodeURIComponent(encoded).split(',') : [decodeURIComponent(encoded)];
  } catch {
    return null;
  }
  if (paths.length > maxBatchSize) return null;
  const type: CallType = req.method === 'POST' ? 'mutation' : 'query';

  let inputs: unknown;
  try {
    const text = body ?? search.get('input');
    // tRPC reads a GET without ?input= as no input, and a POST's body always.
    inputs = text === null || (text === '' && type === 'query') ? undefined : JSON.parse(text);
  } catch {
    return null;
  }
  if (batch && inputs !== undefined && (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)))
    return null;

  const procedures = router._def.procedures as Record<string, AnyProcedure | undefined>;
  const calls: Call[] = [];
  for (const [index, path] of paths.entries()) {
    const procedure = Object.hasOwn(procedures, path) ? procedures[path] : undefined;
    if (!procedure || procedure._def.type !== type) return null;
    const input = batch ? (inputs as Record<string, unknown> | undefined)?.[index] : inputs;
    calls.push({ path, procedure, input });
  }
  return { type, batch, calls };
}

/** The body of a POST with a length within the limit, or undefined when tRPC should read it. */
function readBody(req: IncomingMessage, maxBodySize: number): Promise<string> | undefined {
  const length = Number(req.headers['content-length']);
  if (!Number.isInteger(length) || length > maxBodySize) return undefined;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
    // A client that leaves half way: no 'end' comes, and nothing is answered.
    req.once('close', () => {
      if (!req.complete) reject(new Error('The client closed the request before sending its whole body'));
    });
  });
}

function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';', 1)[0]?.trim().toLowerCase() === 'application/json';
}

export function answerJsonCalls<TContext extends object>(options: JsonCallOptions<TContext>): RequestHandler {
  const { router, maxBodySize, maxBatchSize, createContext, onError } = options;
  const config = router._def._config;
  return (req, res, next) => {
    if (req.headers['trpc-accept'] !== undefined) return next();
    const contentType = req.headers['content-type'];
    if (
      req.method === 'GET'
        ? contentType !== undefined && !isJson(contentType)
        : req.method !== 'POST' || !isJson(contentType)
    )
      return next();
    const reading = req.method === 'POST' ? readBody(req, maxBodySize) : Promise.resolve(undefined);
    if (!reading) return next();
    answer().catch(next);

    async function answer(): Promise<void> {
      const body = await reading;
      const request = callsOf(router, req, maxBatchSize, body);
      if (!request) {
        // tRPC reads a body a middleware already read from req.body.
        if (body !== undefined) (req as { body?: unknown }).body = body;
        next();
        return;
      }
      const { type, batch, calls } = request;
      let ctx: TContext | undefined;
      let contextError: unknown;
      try {
        ctx = await createContext({ req, res });
      } catch (cause) {
        contextError = cause;
      }
      // As tRPC does, an error names its call's input only once some call of the request has read the input.
      let inputsRead = false;
      const answers = await Promise.all(
        calls.map(async (call, batchIndex): Promise<Answer> => {
          const { path, procedure } = call;
          try {
            if (contextError !== undefined) throw contextError;
            const data: unknown = await procedure({
              path,
              getRawInput: async () => {
                inputsRead = true;
                return call.input;
              },
              ctx,
              type,
              signal: undefined,
              batchIndex,
            });
            return { result: { data } };
          } catch (cause) {
            const error = getTRPCErrorFromUnknown(cause);
            const input = inputsRead ? call.input : undefined;
            onError({ error, path, input, ctx, type, req });
            return { error: getErrorShape({ config, error, type, path, input, ctx }) };
          }
        }),
      );
      const json = batch ? answers : answers[0];
      if (res.statusCode === 200) res.statusCode = getHTTPStatusCode(json as Parameters<typeof getHTTPStatusCode>[0]);
      res.setHeader('vary', 'trpc-accept, accept');
      res.setHeader('content-type', 'application/json');
      res.end(bodyOf(answers, batch));
    }
  };
}
