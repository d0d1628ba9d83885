import { beforeAll, describe, expect, it } from 'vitest';
import { expectError, useApiServer } from '../support/api.js';
import { selectAll } from '../support/sqlite-counts.js';
import { TrpcHttp, dataOf } from '../support/trpc-http.js';
import type { ApiOutputs } from '../support/api-outputs.js';

/**
 * The unit protocol is a physician's act (issue 11, item 4): an admin cannot change it, and a change
 * that loosens a hard limit waits for a second physician before it takes effect.
 */
const api = useApiServer();
let second: TrpcHttp;

type ProtocolDto = ApiOutputs['protocol']['get'];

const current = async () => dataOf(await api.physician.query('protocol.get', { unitId: api.unitId })) as ProtocolDto;
const versions = () => selectAll(api.sqlitePath, 'select id from unit_protocol where unit_id = ?', api.unitId).length;

beforeAll(async () => {
  dataOf(
    await api.admin.mutate('users.create', {
      username: 'dr-second',
      name: 'Dr. Dana Second',
      role: 'physician',
      password: 'amber meadow compass',
    }),
  );
  const userId =
    selectAll<{ id: number }>(api.sqlitePath, "select id from app_user where username = 'dr-second'")[0]?.id ?? 0;
  dataOf(await api.admin.mutate('users.setUnits', { userId, unitIds: [api.unitId] }));
  second = new TrpcHttp(api.server.url);
  await second.login('dr-second', 'amber meadow compass');
}, 120_000);

describe('protocol changes', () => {
  it('an admin cannot change the protocol (403, audited), nothing is written', async () => {
    const { protocol } = await current();
    const before = versions();
    expectError(await api.admin.mutate('protocol.update', { unitId: api.unitId, protocol, reason: 'Admin tidy-up' }), {
      status: 403,
      code: 'FORBIDDEN',
      message: 'Only a physician may do this; you are logged in as admin',
    });
    expect(versions()).toBe(before);
    expect(
      selectAll(api.sqlitePath, "select id from audit_event where action = 'denied' and entity = 'protocol.update'"),
    ).toHaveLength(1);
  });

  it('a physician tightens a limit: it takes effect at once', async () => {
    const { protocol, version } = await current();
    const limit = protocol.drugs.methadone?.plausibleMaxDoseMg ?? 0;
    const tighter = structuredClone(protocol);
    if (tighter.drugs.methadone) tighter.drugs.methadone.plausibleMaxDoseMg = limit - 10;
    expect(
      dataOf(
        await api.physician.mutate('protocol.update', {
          unitId: api.unitId,
          protocol: tighter,
          reason: 'Pharmacy review',
        }),
      ),
    ).toEqual({
      version: version + 1,
      pendingChangeId: null,
      loosened: [],
    });
    expect((await current()).protocol.drugs.methadone?.plausibleMaxDoseMg).toBe(limit - 10);
  });

  it('a physician loosens a hard limit: it waits; the same physician cannot approve; a second one can', async () => {
    const { protocol, version } = await current();
    const limit = protocol.drugs.methadone?.plausibleMaxDoseMg ?? 0;
    const looser = structuredClone(protocol);
    if (looser.drugs.methadone) looser.drugs.methadone.plausibleMaxDoseMg = limit + 40;
    const proposed = dataOf(
      await api.physician.mutate('protocol.update', {
        unitId: api.unitId,
        protocol: looser,
        reason: 'High-dose maintenance patients',
      }),
    ) as {
      version: number;
      pendingChangeId: number;
      loosened: string[];
    };
    expect(proposed).toMatchObject({
      version,
      loosened: [`Methadone: hard per-dose limit raised from ${limit} mg to ${limit + 40} mg`],
    });
    expect((await current()).version).toBe(version);
    expect((await current()).protocol.drugs.methadone?.plausibleMaxDoseMg).toBe(limit);

    const pending = dataOf(await api.nurse.query('protocol.pending', { unitId: api.unitId })) as {
      id: number;
      proposedBy: { name: string };
    }[];
    expect(pending).toEqual([
      expect.objectContaining({
        id: proposed.pendingChangeId,
        proposedBy: expect.objectContaining({ name: 'Dr. Ben Carter' }),
      }),
    ]);

    expectError(await api.physician.mutate('protocol.approve', { changeId: proposed.pendingChangeId }), {
      status: 409,
      code: 'CONFLICT',
      message: 'A change that loosens a hard limit needs a second physician: ask a colleague to approve it',
    });
    expectError(await api.nurse.mutate('protocol.approve', { changeId: proposed.pendingChangeId }), {
      status: 403,
      code: 'FORBIDDEN',
    });
    expectError(await api.admin.mutate('protocol.approve', { changeId: proposed.pendingChangeId }), {
      status: 403,
      code: 'FORBIDDEN',
    });

    expect(dataOf(await second.mutate('protocol.approve', { changeId: proposed.pendingChangeId }))).toEqual({
      version: version + 1,
    });
    const now = await current();
    expect(now.version).toBe(version + 1);
    expect(now.protocol.drugs.methadone?.plausibleMaxDoseMg).toBe(limit + 40);
    expect(dataOf(await api.nurse.query('protocol.pending', { unitId: api.unitId }))).toEqual([]);
    expectError(await second.mutate('protocol.approve', { changeId: proposed.pendingChangeId }), {
      status: 409,
      code: 'CONFLICT',
      message: 'This change was already approved',
    });
  });

  it('a pending change made stale by a later version cannot be approved', async () => {
    const { protocol } = await current();
    const looser = structuredClone(protocol);
    if (looser.drugs.clonidine) looser.drugs.clonidine.plausibleMaxDoseMg += 0.1;
    const proposed = dataOf(
      await api.physician.mutate('protocol.update', {
        unitId: api.unitId,
        protocol: looser,
        reason: 'Larger patients',
      }),
    ) as { pendingChangeId: number };
    dataOf(await second.mutate('protocol.update', { unitId: api.unitId, protocol, reason: 'Re-save, no change' }));
    expectError(await second.mutate('protocol.approve', { changeId: proposed.pendingChangeId }), {
      status: 409,
      code: 'CONFLICT',
      message: /^The protocol changed/,
    });
  });
});
