import { formatDoseMg, getDrug } from '@detox/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import type { Administration } from '../../lib/api-types.js';
import { formatUnitTime } from '../../lib/unit-time.js';
import { useTRPC } from '../../trpc.js';
import { CorrectionNote } from '../patient/correction-note.js';
import { EnteredInErrorForm } from '../patient/entered-in-error-form.js';

interface Props {
  administrations: Administration[];
  zone: string;
  canChart: boolean;
  onCorrect: (administration: Administration) => void;
}

/** The stay's medication record, newest first; held and refused doses say why. */
export function AdministrationList({ administrations, zone, canChart, onCorrect }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [retracting, setRetracting] = useState<number | null>(null);
  const retract = useMutation(
    trpc.medications.correct.mutationOptions({
      onSuccess: async () => {
        setRetracting(null);
        await queryClient.invalidateQueries(trpc.medications.pathFilter());
      },
    }),
  );
  if (administrations.length === 0) return <p className="muted">No medications recorded yet.</p>;
  return (
    <table className="table records" aria-label="Medication administrations">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Medication</th>
          <th scope="col">Outcome</th>
          <th scope="col">Charted by</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {administrations.map((m) => {
          const inactive = m.recordStatus !== 'active';
          return (
            <Fragment key={m.id}>
              <tr
                className={inactive ? `inactive status-${m.recordStatus}` : undefined}
                data-testid={`administration-${m.id}`}
                tabIndex={-1}
              >
                <td>{formatUnitTime(m.givenAt, zone)}</td>
                <td>
                  <strong>{getDrug(m.drug).name}</strong> {formatDoseMg(m.doseMg)} {m.route}
                  {m.indication && <div className="muted small">{m.indication}</div>}
                  {m.overrideReason && (
                    <div className="small override-note">
                      Given outside the protocol: “{m.overrideReason}”{m.overrideBy && ` — ${m.overrideBy.name}`}
                    </div>
                  )}
                  <CorrectionNote correction={m.correction} supersedesId={m.supersedesId} zone={zone} />
                </td>
                <td>
                  <span className={`status status-${m.status}`}>{m.status}</span>
                  {m.holdReason && <div className="small">{m.holdReason}</div>}
                </td>
                <td className="small">
                  {m.recordedBy.name}
                  <div className="muted">{formatUnitTime(m.recordedAt, zone)}</div>
                </td>
                <td className="actions">
                  {canChart && !inactive && (
                    <>
                      <button type="button" className="button small ghost" onClick={() => onCorrect(m)}>
                        Correct
                      </button>
                      <button type="button" className="button small ghost" onClick={() => setRetracting(m.id)}>
                        Entered in error
                      </button>
                    </>
                  )}
                </td>
              </tr>
              {retracting === m.id && (
                <tr className="detail-row">
                  <td colSpan={5}>
                    <EnteredInErrorForm
                      what="this administration"
                      pending={retract.isPending}
                      error={retract.error?.message ?? null}
                      onSubmit={(reason) => retract.mutate({ administrationId: m.id, reason })}
                      onCancel={() => setRetracting(null)}
                    />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
