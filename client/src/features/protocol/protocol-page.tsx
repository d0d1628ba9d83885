import { DRUGS, type DrugId, type UnitProtocol } from '@detox/shared';
import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { fieldErrorsOf } from '../../lib/server-errors.js';
import { formatUnitTimeLong } from '../../lib/unit-time.js';
import { useTitle } from '../../router.js';
import { useTRPC } from '../../trpc.js';
import { useCurrentUnit } from '../unit/use-unit.js';
import { CiwaArBands } from './ciwa-ar-bands.js';
import { DailyMaximumRules } from './daily-maximum-rules.js';
import { HoldParameters } from './hold-parameters.js';
import { NaltrexoneStart } from './naltrexone-start.js';
import { NumberCell } from './number-cell.js';
import { PendingProtocolChanges } from './pending-protocol-changes.js';
import { ReassessmentScheduleSection } from './reassessment-schedule.js';
import { RouteLimits } from './route-limits.js';

type DrugField =
  | 'maxSingleDoseMg'
  | 'maxPer24hMg'
  | 'minIntervalMinutes'
  | 'reassessAfterMinutes'
  | 'plausibleMaxDoseMg';
const DRUG_COLUMNS: { key: DrugField; label: string; optional: boolean }[] = [
  { key: 'maxSingleDoseMg', label: 'Max single dose (mg)', optional: true },
  { key: 'maxPer24hMg', label: 'Max per 24 h (mg)', optional: true },
  { key: 'minIntervalMinutes', label: 'Min interval (min)', optional: true },
  { key: 'reassessAfterMinutes', label: 'Reassess after (min)', optional: false },
  { key: 'plausibleMaxDoseMg', label: 'Hard limit per dose (mg)', optional: false },
];

/** The unit protocol: every dose limit, hold parameter and induction gate the server enforces. */
export function ProtocolPage({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { unit } = useCurrentUnit();
  useTitle('Unit protocol');
  const current = useQuery(trpc.protocol.get.queryOptions(unit ? { unitId: unit.id } : skipToken));
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));
  const history = useQuery(trpc.protocol.history.queryOptions(unit ? { unitId: unit.id } : skipToken));
  const [draft, setDraft] = useState<UnitProtocol | null>(null);
  const [reason, setReason] = useState('');
  useEffect(() => {
    if (current.data) setDraft(structuredClone(current.data.protocol));
  }, [current.data]);
  const update = useMutation(
    trpc.protocol.update.mutationOptions({
      onSuccess: async () => {
        setReason('');
        await queryClient.invalidateQueries(trpc.protocol.pathFilter());
      },
    }),
  );
  const errors = fieldErrorsOf(update.error, (p) => p.startsWith('protocol.') || p === 'reason');
  const err = (path: string) => errors.byPath[`protocol.${path}`];

  if (!unit || !current.data || !draft) return <p className="page-status">Loading the protocol…</p>;
  const zone = unit.timeZone;
  const editable = canEdit;
  const setDrug = (drug: DrugId, key: DrugField, value: number | undefined) =>
    setDraft({ ...draft, drugs: { ...draft.drugs, [drug]: { ...draft.drugs[drug], [key]: value } } });
  const induction = draft.buprenorphineInduction;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!unit || !draft) return;
    update.mutate({ unitId: unit.id, protocol: draft, reason });
  }

  return (
    <form className="protocol-page" onSubmit={submit} aria-labelledby="protocol-title">
      <div className="page-head">
        <h1 id="protocol-title">{unit.name} medication protocol</h1>
        <p className="muted">
          Version {current.data.version} · {current.data.reason}
          {current.data.recordedBy &&
            ` · ${current.data.recordedBy.name}, ${formatUnitTimeLong(current.data.recordedAt, zone)}`}
        </p>
        <p className="small">
          Every number here is checked by the server before a dose is saved. A dose above the hard limit is refused;
          other limits ask the nurse for an override reason. Defaults come from the clinical reference and must be
          signed off by the medical director and pharmacy.
        </p>
      </div>

      <section className="card">
        <h2>Limits per drug</h2>
        <div className="table-scroll">
          <table className="table protocol-table">
            <thead>
              <tr>
                <th scope="col">Drug</th>
                {DRUG_COLUMNS.map((c) => (
                  <th key={c.key} scope="col">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {DRUGS.map((d) => (
                <tr key={d.id}>
                  <th scope="row">{d.name}</th>
                  {DRUG_COLUMNS.map((c) => (
                    <td key={c.key}>
                      <NumberCell
                        label={`${d.name} ${c.label}`}
                        value={draft.drugs[d.id][c.key]}
                        optional={c.optional}
                        disabled={!editable}
                        error={err(`drugs.${d.id}.${c.key}`)}
                        onChange={(v) => setDrug(d.id, c.key, v)}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <div className="protocol-grid">
        <HoldParameters draft={draft} editable={editable} err={err} onChange={setDraft} />
        <DailyMaximumRules draft={draft} editable={editable} err={err} onChange={setDraft} />
        <RouteLimits draft={draft} editable={editable} err={err} onChange={setDraft} />
        <CiwaArBands draft={draft} editable={editable} onChange={setDraft} />
        <ReassessmentScheduleSection draft={draft} editable={editable} err={err} onChange={setDraft} />
        <NaltrexoneStart draft={draft} editable={editable} err={err} onChange={setDraft} />
        <section className="card">
          <h2>Buprenorphine induction gate</h2>
          <div className="protocol-row">
            <span>COWS at or above (8–13)</span>
            <NumberCell
              label="Buprenorphine COWS threshold"
              value={induction.cowsThreshold}
              disabled={!editable}
              error={err('buprenorphineInduction.cowsThreshold')}
              onChange={(v) => setDraft({ ...draft, buprenorphineInduction: { ...induction, cowsThreshold: v ?? 0 } })}
            />
          </div>
          <div className="protocol-row">
            <span>COWS taken within (min)</span>
            <NumberCell
              label="Buprenorphine COWS taken within minutes"
              value={induction.cowsWithinMinutes}
              disabled={!editable}
              error={err('buprenorphineInduction.cowsWithinMinutes')}
              onChange={(v) =>
                setDraft({ ...draft, buprenorphineInduction: { ...induction, cowsWithinMinutes: v ?? 0 } })
              }
            />
          </div>
          {(
            [
              ['short', 'Hours after a short-acting opioid'],
              ['long', 'Hours after an extended-release opioid'],
              ['methadone', 'Hours after methadone'],
            ] as const
          ).map(([key, label]) => (
            <div key={key} className="protocol-row">
              <span>{label}</span>
              <NumberCell
                label={`Buprenorphine wait ${label}`}
                value={induction.waitHoursAfterLastUse[key]}
                disabled={!editable}
                error={err(`buprenorphineInduction.waitHoursAfterLastUse.${key}`)}
                onChange={(v) =>
                  setDraft({
                    ...draft,
                    buprenorphineInduction: {
                      ...induction,
                      waitHoursAfterLastUse: { ...induction.waitHoursAfterLastUse, [key]: v ?? 0 },
                    },
                  })
                }
              />
            </div>
          ))}
        </section>
        <section className="card">
          <h2>Methadone first day</h2>
          <div className="protocol-row">
            <span>First dose above (mg) needs a reason</span>
            <NumberCell
              label="Methadone first dose limit"
              value={draft.methadoneFirstDay.firstDoseMaxMg}
              optional
              disabled={!editable}
              error={err('methadoneFirstDay.firstDoseMaxMg')}
              onChange={(v) =>
                setDraft({ ...draft, methadoneFirstDay: { ...draft.methadoneFirstDay, firstDoseMaxMg: v } })
              }
            />
          </div>
          <div className="protocol-row">
            <span>First-day total above (mg, at most 50)</span>
            <NumberCell
              label="Methadone first day total limit"
              value={draft.methadoneFirstDay.firstDayTotalMaxMg}
              disabled={!editable}
              error={err('methadoneFirstDay.firstDayTotalMaxMg')}
              onChange={(v) =>
                setDraft({ ...draft, methadoneFirstDay: { ...draft.methadoneFirstDay, firstDayTotalMaxMg: v ?? 0 } })
              }
            />
          </div>
        </section>
      </div>

      {editable ? (
        <section className="card">
          <label className={`field${errors.byPath.reason ? ' has-error' : ''}`}>
            <span>Why is the protocol changing? (kept with the new version)</span>
            <input
              name="reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              required
              minLength={3}
              maxLength={500}
            />
            {errors.byPath.reason && <span className="field-error">{errors.byPath.reason}</span>}
          </label>
          {errors.general && (
            <p className="error" role="alert">
              {errors.general}
            </p>
          )}
          {update.isSuccess &&
            (update.data.pendingChangeId === null ? (
              <p className="notice">Saved as version {update.data.version}.</p>
            ) : (
              <p className="notice">
                This change loosens a hard limit ({update.data.loosened.join('; ')}): it takes effect once a second
                physician approves it.
              </p>
            ))}
          <button type="submit" className="button primary" disabled={update.isPending || reason.trim().length < 3}>
            Save as a new version
          </button>
        </section>
      ) : (
        <p className="notice">
          Physicians change the protocol; a change that loosens a hard limit needs a second physician.
        </p>
      )}

      <PendingProtocolChanges unitId={unit.id} zone={zone} myId={me.data?.id} canApprove={editable} />

      <section className="card">
        <h2>Versions</h2>
        <ul>
          {(history.data ?? []).map((h) => (
            <li key={h.version}>
              Version {h.version}: {h.reason} — {h.recordedBy ?? 'system'}, {formatUnitTimeLong(h.recordedAt, zone)}
            </li>
          ))}
        </ul>
      </section>
    </form>
  );
}
