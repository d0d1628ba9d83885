import { DEVELOPMENT_AUDIT_HMAC_KEY, verifyAuditChainAt } from '@detox/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS, cows18, expectError, useApiServer } from '../support/api.js';
import { selectAll } from '../support/sqlite-counts.js';
import { TrpcHttp, dataOf } from '../support/trpc-http.js';
import type { ApiOutputs } from '../support/api-outputs.js';

type AuditEventDto = AuditPageDto['events'][number];
type AuditPageDto = ApiOutputs['audit']['list'];

const api = useApiServer();

async function list(input?: Record<string, unknown>): Promise<AuditPageDto> {
  return dataOf(await api.admin.query<AuditPageDto>('audit.list', input));
}

describe('audit.list over HTTP', () => {
  let nurse: { id: number; name: string };
  let admin: { id: number; name: string };
  let admissionId: number;
  let assessmentId: number;
  const note = 'Audit-test note: patient restless and yawning';

  beforeAll(async () => {
    nurse = dataOf(await api.nurse.query('auth.me')) as { id: number; name: string };
    admin = dataOf(await api.admin.query('auth.me')) as { id: number; name: string };
    admissionId = api.admissionInBed('1');
    const saved = dataOf(await api.nurse.mutate('assessments.record', cows18(admissionId, { note }))) as { id: number };
    assessmentId = saved.id;
  });

  it('shows the assessment a nurse just recorded, with who, when and from where, and no clinical values', async () => {
    const page = await list({ entity: 'assessment', entityId: assessmentId });
    expect(page.nextBeforeId).toBeNull();
    expect(page.events).toEqual([
      {
        id: expect.any(Number),
        occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        user: { id: nurse.id, name: nurse.name },
        userRole: 'nurse',
        action: 'create',
        entity: 'assessment',
        entityId: assessmentId,
        outcome: 'success',
        address: expect.any(String),
        // Named for the admin reading the trail (issue 15): the patient and what was done, never the values.
        subject: {
          change: `Charted assessment #${assessmentId}`,
          patient: expect.stringMatching(/^\S.* \(bed \w+\)$/),
        },
      },
    ]);
    expect(Date.now() - Date.parse(page.events[0]?.occurredAt ?? '')).toBeLessThan(60_000);
    // References only: neither the answer nor the stored row carries the score, items, vitals or note.
    const text = JSON.stringify(page);
    expect(text).not.toContain('restless');
    expect(text).not.toMatch(/"(total|items|severity|note|heartRate|vitals)"/);
    const [row] = selectAll<Record<string, unknown>>(
      api.sqlitePath,
      "select * from audit_event where entity = 'assessment' and entity_id = ?",
      assessmentId,
    );
    expect(Object.keys(row ?? {}).sort()).toEqual([
      'action',
      'address',
      'entity',
      'entity_id',
      'hmac',
      'id',
      'occurred_at',
      'outcome',
      'prev_hmac',
      'user_id',
      'user_role',
    ]);
  });

  it('lists newest first and filters by entity, user and time', async () => {
    const all = await list();
    expect(all.events.length).toBeGreaterThan(3);
    const ids = all.events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    // Logins of the three demo users are there, by name.
    expect(all.events).toContainEqual(
      expect.objectContaining({
        action: 'login',
        entity: 'session',
        user: { id: nurse.id, name: nurse.name },
        outcome: 'success',
      }),
    );

    const byNurse = await list({ userId: nurse.id });
    expect(byNurse.events.length).toBeGreaterThan(0);
    expect(byNurse.events.every((e) => e.user?.id === nurse.id && e.userRole === 'nurse')).toBe(true);

    const assessments = await list({ entity: 'assessment' });
    expect(assessments.events.every((e) => e.entity === 'assessment')).toBe(true);
    expect(assessments.events.map((e) => e.entityId)).toContain(assessmentId);

    const recorded = (await list({ entity: 'assessment', entityId: assessmentId })).events[0] as AuditEventDto;
    const at = Date.parse(recorded.occurredAt);
    // Times with another offset are compared as instants; `from` is inclusive, `to` exclusive.
    const inWindow = await list({ entity: 'assessment', from: offsetIso(at, -5), to: offsetIso(at + 1, -5) });
    expect(inWindow.events.map((e) => e.id)).toEqual([recorded.id]);
    expect(
      (await list({ entity: 'assessment', from: new Date(at + 1).toISOString() })).events.map((e) => e.id),
    ).not.toContain(recorded.id);
    expect(
      (await list({ entity: 'assessment', to: new Date(at).toISOString() })).events.map((e) => e.id),
    ).not.toContain(recorded.id);
  });

  it('pages with limit and beforeId until nextBeforeId is null', async () => {
    const everything = (await list({ limit: 1000, userId: nurse.id })).events.map((e) => e.id);
    expect(everything.length).toBeGreaterThanOrEqual(3);
    const seen: number[] = [];
    let beforeId: number | undefined;
    // The demo nurse has a few hundred events (the seeded stays): pages of 25 cover them.
    for (let guard = 0; guard < 1000; guard++) {
      const page = await list({ userId: nurse.id, limit: 25, ...(beforeId ? { beforeId } : {}) });
      seen.push(...page.events.map((e) => e.id));
      if (page.nextBeforeId === null) break;
      expect(page.events).toHaveLength(25);
      expect(page.nextBeforeId).toBe(page.events[24]?.id);
      beforeId = page.nextBeforeId;
    }
    expect(seen).toEqual(everything);
  });

  it('audits each read of the audit trail', async () => {
    const before = selectAll(
      api.sqlitePath,
      "select id from audit_event where entity = 'audit' and action = 'read'",
    ).length;
    await list({ limit: 1 });
    const reads = selectAll<Record<string, unknown>>(
      api.sqlitePath,
      "select user_id, user_role, outcome, entity_id from audit_event where entity = 'audit' and action = 'read' order by id",
    );
    expect(reads).toHaveLength(before + 1);
    expect(reads.at(-1)).toEqual({ user_id: admin.id, user_role: 'admin', outcome: 'success', entity_id: null });
    // The next page shows that read.
    expect((await list({ entity: 'audit', limit: 1 })).events[0]).toMatchObject({
      action: 'read',
      user: { id: admin.id },
    });
  });

  it('is for admins only', async () => {
    expectError(await api.nurse.query('audit.list'), {
      status: 403,
      code: 'FORBIDDEN',
      message: /admin.*you are logged in as nurse/,
    });
    expectError(await api.physician.query('audit.list', { entity: 'assessment' }), { status: 403, code: 'FORBIDDEN' });
    expectError(await api.anonymous.query('audit.list'), { status: 401, code: 'UNAUTHORIZED' });
  });

  it('refuses a bad filter with a message that says what to change', async () => {
    expectError(await api.admin.query('audit.list', { limit: 5000 }), {
      status: 400,
      code: 'BAD_REQUEST',
      issues: [{ path: 'limit', message: 'limit is at most 1000; page with beforeId for more' }],
    });
    expectError(await api.admin.query('audit.list', { from: '2026-11-22T10:00:00Z', to: '2026-11-22T09:00:00Z' }), {
      status: 400,
      code: 'BAD_REQUEST',
      issues: [{ path: 'to', message: /later than "from"/ }],
    });
    expectError(await api.admin.query('audit.list', { from: 'yesterday' }), {
      status: 400,
      code: 'BAD_REQUEST',
      issues: [{ path: 'from' }],
    });
  });

  it('seals every row the server wrote into a chain that verifies, with the development key it warned about', async () => {
    expect(api.server.output()).toContain('AUDIT_HMAC_KEY is not set');
    const report = await verifyAuditChainAt(api.sqlitePath, DEVELOPMENT_AUDIT_HMAC_KEY);
    const count = selectAll(api.sqlitePath, 'select id from audit_event').length;
    expect(report).toMatchObject({ ok: true, rows: count });
    // Every row is sealed, the demo seed's included.
    expect(selectAll(api.sqlitePath, 'select id from audit_event where hmac is null')).toEqual([]);
    expect(report.unsealedRows).toBe(0);
  });
});

describe('a server with AUDIT_HMAC_KEY set', () => {
  const key = 'test-audit-key-0123456789abcdef0123456789abcdef';
  const keyed = useApiServer({ env: { AUDIT_HMAC_KEY: key }, login: [] });

  it('seals with that key, not the development one, and does not warn', async () => {
    const client = new TrpcHttp(keyed.server.url);
    await client.login('nurse', DEMO_PASSWORDS.nurse);
    expect(keyed.server.output()).not.toContain('AUDIT_HMAC_KEY is not set');
    const sealed = selectAll<{ id: number }>(
      keyed.sqlitePath,
      'select id from audit_event where hmac is not null order by id',
    );
    expect(sealed.length).toBeGreaterThan(0);
    expect(await verifyAuditChainAt(keyed.sqlitePath, key)).toMatchObject({ ok: true });
    const withDevKey = await verifyAuditChainAt(keyed.sqlitePath, DEVELOPMENT_AUDIT_HMAC_KEY);
    expect(withDevKey).toMatchObject({
      ok: false,
      firstBadId: sealed[0]?.id,
      problem: expect.stringMatching(/AUDIT_HMAC_KEY/),
    });
  });
});

/** The instant `ms` written with a fixed offset of `hours` (e.g. -05:00). */
function offsetIso(ms: number, hours: number): string {
  const shifted = new Date(ms + hours * 3_600_000).toISOString().slice(0, 23);
  const sign = hours < 0 ? '-' : '+';
  return `${shifted}${sign}${String(Math.abs(hours)).padStart(2, '0')}:00`;
}
