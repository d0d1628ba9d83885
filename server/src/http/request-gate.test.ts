import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { requestGate } from './request-gate.js';

/**
 * A server whose calls are answered only when the test says so: `entered` lists the calls that got
 * past the gate, in order, and `answer(name)` sends that call's answer.
 */
async function gatedServer(limit: number) {
  const entered: string[] = [];
  const waiting = new Map<string, () => void>();
  const gate = requestGate(limit);
  const app = express();
  app.use('/trpc', gate, (req, res) => {
    const name = req.path.slice(1);
    entered.push(name);
    waiting.set(name, () => res.status(200).send(name));
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: false });

  const call = (name: string) => {
    const request = http.get({ host: '127.0.0.1', port, path: `/trpc/${name}`, agent });
    const answered = new Promise<string>((resolve, reject) => {
      request.on('response', (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        response.on('end', () => resolve(body));
      });
      request.on('error', reject);
    });
    answered.catch(() => undefined);
    return { answered, hangUp: () => request.destroy() };
  };
  const answer = (name: string) => {
    const send = waiting.get(name);
    if (!send) throw new Error(`${name} has not reached the handler`);
    send();
  };
  /** Lets the server take in what the sockets brought. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { entered, call, answer, settle, close, waiting: gate.waiting };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('requestGate', () => {
  it('works on at most `limit` calls at once; the others go in, in arrival order, as answers go out', async () => {
    const server = await gatedServer(2);
    close = server.close;
    const a = server.call('a');
    await server.settle();
    server.call('b');
    await server.settle();
    server.call('c');
    await server.settle();
    server.call('d');
    await server.settle();
    expect(server.entered).toEqual(['a', 'b']);
    expect(server.waiting()).toBe(2);

    server.answer('a');
    expect(await a.answered).toBe('a');
    await server.settle();
    expect(server.entered).toEqual(['a', 'b', 'c']);

    server.answer('c');
    await server.settle();
    expect(server.entered).toEqual(['a', 'b', 'c', 'd']);
    expect(server.waiting()).toBe(0);
  });

  it('lets event streams through when every place is taken', async () => {
    const server = await gatedServer(1);
    close = server.close;
    server.call('census.board');
    await server.settle();
    server.call('events.unit');
    await server.settle();
    expect(server.entered).toEqual(['census.board', 'events.unit']);
  });

  it('passes over a call whose client hung up while it waited, and frees the place of one that hangs up while worked on', async () => {
    const server = await gatedServer(1);
    close = server.close;
    const first = server.call('first');
    await server.settle();
    const gaveUp = server.call('gave-up');
    await server.settle();
    server.call('patient');
    await server.settle();
    expect(server.waiting()).toBe(2);
    gaveUp.hangUp();
    await server.settle();
    expect(server.waiting()).toBe(1);

    // The first caller hangs up too: its place goes to the next caller still there.
    first.hangUp();
    await server.settle();
    expect(server.entered).toEqual(['first', 'patient']);
  });

  it('refuses a limit below one', () => {
    expect(() => requestGate(0)).toThrow('The request gate needs a limit of 1 or more; got 0');
    expect(() => requestGate(2.5)).toThrow('got 2.5');
  });
});
