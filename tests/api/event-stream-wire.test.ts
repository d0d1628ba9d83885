import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS, cows18, minutesAgo, useApiServer } from '../support/api.js';
import { openStream } from '../support/event-stream.js';
import { TrpcHttp, dataOf } from '../support/trpc-http.js';

/**
 * An open events.unit stream is written by the server itself (server/src/http/unit-event-stream.ts,
 * issue 16), not by tRPC's stream pipeline; the client's httpSubscriptionLink must not see a
 * difference. These pin the bytes of tRPC's SSE format (its sse.ts): the `connected` event, one
 * `data:` line a message, and tRPC's `serialized-error` when the session ends.
 */
const api = useApiServer({ login: ['nurse'] });

const SESSION_ENDED = 'Your session has ended; log in again to keep receiving live updates';

async function physician(): Promise<TrpcHttp> {
  const client = new TrpcHttp(api.server.url);
  await client.login('physician', DEMO_PASSWORDS.physician);
  return client;
}

const dataLines = (text: string) => text.split('\n').filter((line) => line.startsWith('data: {"unitId"'));

describe('events.unit on the wire', () => {
  it("sends tRPC's bytes: connected, one data line an event, and serialized-error when the session ends", async () => {
    const reader = await physician();
    const stream = await openStream(reader, api.unitId);
    try {
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toBe('text/event-stream');
      expect(stream.headers.get('cache-control')).toBe('no-store');
      expect(stream.headers.get('x-accel-buffering')).toBe('no');
      expect(stream.headers.get('vary')).toBe('trpc-accept, accept');
      await expect.poll(() => stream.received(), { timeout: 3_000 }).toContain('event: connected');

      const admissionId = api.admissionInBed('3');
      dataOf(await api.nurse.mutate('assessments.record', cows18(admissionId, { takenAt: minutesAgo(2) })));
      await expect.poll(() => dataLines(stream.received()), { timeout: 3_000 }).toHaveLength(1);
      const at = /"at":"([^"]+)"/.exec(stream.received())?.[1];
      dataOf(await reader.mutate('auth.logout'));
      const end = await stream.ended(4_000);
      expect(end.timedOut).toBe(false);

      const event = JSON.stringify({ unitId: api.unitId, admissionId, kind: 'assessment', at });
      const ended = JSON.stringify({
        message: SESSION_ENDED,
        code: -32001,
        data: { code: 'UNAUTHORIZED', httpStatus: 401, path: 'events.unit', issues: [], warnings: [] },
      });
      expect(end.text).toBe(
        `event: connected\ndata: {}\n\n\ndata: ${event}\n\n\nevent: serialized-error\ndata: ${ended}\n\n\n`,
      );
    } finally {
      stream.close();
    }
  });

  it('sends every stream of the unit the same event, once each', async () => {
    const reader = await physician();
    const streams = await Promise.all([1, 2, 3].map(() => openStream(reader, api.unitId)));
    try {
      for (const s of streams) await expect.poll(() => s.received(), { timeout: 3_000 }).toContain('event: connected');
      const admissionId = api.admissionInBed('5');
      dataOf(await api.nurse.mutate('assessments.record', cows18(admissionId, { takenAt: minutesAgo(3) })));
      for (const s of streams) await expect.poll(() => dataLines(s.received()), { timeout: 3_000 }).toHaveLength(1);
      const [first, ...rest] = streams.map((s) => dataLines(s.received())[0]);
      expect(first).toContain(`"admissionId":${admissionId},"kind":"assessment"`);
      for (const line of rest) expect(line).toBe(first);
    } finally {
      for (const s of streams) s.close();
    }
  });

  it('answers a stream that cannot open as tRPC does: no session, an unknown unit', async () => {
    const stranger = new TrpcHttp(api.server.url);
    const noSession = await openStream(stranger, api.unitId);
    const unknownUnit = await openStream(await physician(), 999_999);
    try {
      const refused = (await noSession.ended(3_000)).text;
      expect(refused).toContain('event: serialized-error');
      expect(refused).toContain('"code":"UNAUTHORIZED","httpStatus":401,"path":"events.unit"');
      const missing = (await unknownUnit.ended(3_000)).text;
      expect(missing).toContain('event: serialized-error');
      expect(missing).toContain('"code":"NOT_FOUND","httpStatus":404,"path":"events.unit"');
    } finally {
      noSession.close();
      unknownUnit.close();
    }
  });
});
