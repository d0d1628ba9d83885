import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS } from '../support/api.js';
import { readUntilClosed } from '../support/event-stream.js';
import { type StartedServer, startServer } from '../support/server.js';
import { selectAll } from '../support/sqlite-counts.js';
import { SESSION_COOKIE, TrpcHttp } from '../support/trpc-http.js';

/**
 * A graceful stop (issue 12, item 4): on SIGTERM the instance answers /readyz 503 while it still
 * serves, finishes every request in flight, ends its event streams with a reconnect hint, and exits 0.
 */
let server: StartedServer;

beforeAll(async () => {
  server = await startServer({ env: { SHUTDOWN_DELAY_MS: '1500' } });
});

afterAll(async () => {
  await server?.stop();
});

const COWS = {
  pulse: 1,
  sweating: 1,
  restlessness: 1,
  pupils: 1,
  boneJointAches: 1,
  runnyNoseTearing: 1,
  giUpset: 1,
  tremor: 1,
  yawning: 1,
  anxietyIrritability: 1,
  gooseflesh: 0,
};

describe('SIGTERM', () => {
  it('stops taking traffic, finishes the writes in flight, ends event streams with a retry hint, and exits 0', async () => {
    const nurse = new TrpcHttp(server.url);
    await nurse.login('nurse', DEMO_PASSWORDS.nurse);
    const admissions = await nurse.query<{ id: number; dischargedAt: string | null }[]>('admissions.list', {
      unitId: 1,
    });
    const admission = admissions.body.result?.data.find((a) => a.dischargedAt === null);
    if (!admission) throw new Error('the demo unit has no open admission');

    const stream = await fetch(
      `${server.url}/trpc/events.unit?input=${encodeURIComponent(JSON.stringify({ unitId: 1 }))}`,
      {
        headers: { accept: 'text/event-stream', cookie: `${SESSION_COOKIE}=${nurse.cookie}` },
      },
    );
    expect(stream.status).toBe(200);
    // Read as it arrives: the stream ends with its connection, not with a finished body.
    const streamText = readUntilClosed(stream);

    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);

    const notes = Array.from({ length: 20 }, (_, i) => `graceful-${i}`);
    const takenAt = new Date(Date.now() - 60_000).toISOString();
    const writes = notes.map((note) =>
      nurse.mutate('assessments.record', { admissionId: admission.id, instrument: 'COWS', takenAt, items: COWS, note }),
    );
    const exited = server.kill('SIGTERM');

    // During the delay the instance still serves, but tells the balancer to send traffic elsewhere.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stopping = await fetch(`${server.url}/readyz`);
    expect(stopping.status).toBe(503);
    expect(await stopping.text()).toContain('stopping');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    const answers = await Promise.all(writes);
    expect(answers.map((a) => a.status)).toEqual(notes.map(() => 200));
    expect(await streamText).toContain('retry: 500');
    await exited;
    expect(server.output()).toContain('SIGTERM: closed');

    // Every acknowledged write is on disk.
    const saved = selectAll<{ note: string }>(
      server.sqlitePath ?? '',
      `select note from assessment where note like 'graceful-%'`,
    );
    expect(saved.map((r) => r.note).sort()).toEqual([...notes].sort());
  });
});
