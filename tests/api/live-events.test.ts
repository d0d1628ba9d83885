import { describe, expect, it } from 'vitest';
import { cows18, minutesAgo, useApiServer } from '../support/api.js';
import type { ApiOutputs } from '../support/api-outputs.js';
import { openStream } from '../support/event-stream.js';
import { dataOf } from '../support/trpc-http.js';

/**
 * A screen reads its data, then opens its live stream. A record charted in between (a CI run: board
 * read at 07.315, a patient admitted at 07.536, the stream open at 07.805) reaches the screen when
 * the stream asks for what changed since the read: events.unit `since` = census.board's `asOf`.
 */
const api = useApiServer({ login: ['nurse', 'physician'] });

type Board = ApiOutputs['census']['board'];

const scoreEvent = (admissionId: number) => `"admissionId":${admissionId},"kind":"assessment"`;

describe('events.unit from the time the board was read', () => {
  it('sends a score recorded after the board was read and before the stream opened', async () => {
    const board = dataOf(await api.physician.query<Board>('census.board', { unitId: api.unitId }));
    expect(Date.parse(board.asOf)).toBeLessThanOrEqual(Date.now());
    const admissionId = api.admissionInBed('1');
    dataOf(await api.nurse.mutate('assessments.record', cows18(admissionId)));

    const stream = await openStream(api.physician, api.unitId, board.asOf);
    try {
      expect(stream.status).toBe(200);
      await expect.poll(() => stream.received(), { timeout: 3_000 }).toContain(scoreEvent(admissionId));
      // Once: the score is not sent again as a live event.
      expect((await stream.ended(500)).text.split(scoreEvent(admissionId))).toHaveLength(2);
      expect(stream.received()).not.toContain('resync');
    } finally {
      stream.close();
    }
  });

  it('without since, the stream hears only what is recorded after it opens, as before', async () => {
    await api.physician.query<Board>('census.board', { unitId: api.unitId });
    const admissionId = api.admissionInBed('2');
    dataOf(await api.nurse.mutate('assessments.record', cows18(admissionId)));

    const stream = await openStream(api.physician, api.unitId);
    try {
      expect(stream.status).toBe(200);
      expect((await stream.ended(1_500)).text).not.toContain(scoreEvent(admissionId));
      // The stream is live: the next score arrives.
      dataOf(await api.nurse.mutate('assessments.record', cows18(admissionId, { takenAt: minutesAgo(1) })));
      await expect.poll(() => stream.received(), { timeout: 3_000 }).toContain(scoreEvent(admissionId));
      expect(stream.received()).not.toContain('resync');
    } finally {
      stream.close();
    }
  });

  it('refuses a since that is not an ISO-8601 instant', async () => {
    const stream = await openStream(api.physician, api.unitId, 'yesterday');
    try {
      expect((await stream.ended(3_000)).text).toMatch(/"code":"BAD_REQUEST"|"httpStatus":400/);
    } finally {
      stream.close();
    }
  });
});
