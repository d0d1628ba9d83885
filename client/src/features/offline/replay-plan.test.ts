import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from './outbox-entry.js';
import { bannerText, entriesToSend, waitingForOthers } from './replay-plan.js';

function entry(seq: number, userId: number, state: OutboxEntry['state'] = 'waiting'): OutboxEntry {
  return {
    requestId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    seq,
    write: {
      procedure: 'assessments.record',
      input: { admissionId: 1, instrument: 'COWS', takenAt: '2026-12-02T10:00:00.000Z', items: {} },
    },
    admissionId: 1,
    chartedAt: '2026-12-02T10:00:00.000Z',
    savedAt: '2026-12-02T10:00:05.000Z',
    userId,
    userName: userId === 1 ? 'Ana Ruiz, RN' : 'Ben Cole, RN',
    state,
  };
}

describe('entriesToSend', () => {
  it('sends only the signed-in user’s waiting entries, oldest first', () => {
    const entries = [entry(3, 1), entry(1, 1), entry(2, 2), entry(4, 1, 'needs-attention'), entry(5, 1, 'discarded')];
    expect(entriesToSend(entries, { userId: 1 }).map((e) => e.seq)).toEqual([1, 3]);
  });
  it('sends nothing while nobody is signed in (locked screen, logged out)', () => {
    expect(entriesToSend([entry(1, 1)], { userId: null })).toEqual([]);
  });
  it('sends nothing of another user’s', () => {
    expect(entriesToSend([entry(1, 1)], { userId: 2 })).toEqual([]);
  });
});

describe('waitingForOthers', () => {
  it('counts the waiting entries of each other user', () => {
    const entries = [entry(1, 1), entry(2, 1), entry(3, 2), entry(4, 1, 'needs-attention')];
    expect(waitingForOthers(entries, { userId: 2 })).toEqual([{ userId: 1, userName: 'Ana Ruiz, RN', count: 2 }]);
    expect(waitingForOthers(entries, { userId: null })).toHaveLength(2);
  });
});

describe('bannerText', () => {
  const base = { online: true, sending: false, mine: 0, others: [], attention: 0 };
  it('says nothing when online with nothing waiting', () => {
    expect(bannerText(base)).toBeNull();
  });
  it('says offline, with the count, singular and plural', () => {
    expect(bannerText({ ...base, online: false })).toBe('Offline');
    expect(bannerText({ ...base, online: false, mine: 1 })).toBe('Offline — 1 entry waiting');
    expect(bannerText({ ...base, online: false, mine: 2 })).toBe('Offline — 2 entries waiting');
  });
  it('says sending while the replay runs', () => {
    expect(bannerText({ ...base, sending: true, mine: 2 })).toBe('Sending 2 entries…');
  });
  it('names the nurse whose entries wait, and the ones needing attention', () => {
    expect(bannerText({ ...base, others: [{ userId: 1, userName: 'Ana Ruiz, RN', count: 1 }], attention: 1 })).toBe(
      '1 entry waiting for Ana Ruiz, RN (sent when Ana Ruiz, RN logs in) · 1 entry needs attention',
    );
  });
});
