import { type TemperatureScale, formatTemperature } from '@detox/shared';
import { itemReasonsText } from '@detox/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import type { Assessment, InstrumentDefinition } from '../../lib/api-types.js';
import { formatUnitTime } from '../../lib/unit-time.js';
import { useTRPC } from '../../trpc.js';
import { CorrectionNote } from '../patient/correction-note.js';
import { EnteredInErrorForm } from '../patient/entered-in-error-form.js';
import { SeverityChip } from './severity-chip.js';

interface Props {
  assessments: Assessment[];
  instruments: InstrumentDefinition[];
  zone: string;
  canChart: boolean;
  onCorrect: (assessment: Assessment) => void;
  /** The unit's temperature scale (readings are stored in °C). */
  temperatureScale?: TemperatureScale;
}

function vitalsSummary(a: Assessment, scale: TemperatureScale): string {
  const v = a.vitals;
  if (!v) return '—';
  const parts = [
    v.heartRate !== null ? `HR ${v.heartRate}` : null,
    v.systolic !== null && v.diastolic !== null ? `BP ${v.systolic}/${v.diastolic}` : null,
    v.temperatureC !== null ? `T ${formatTemperature(v.temperatureC, scale)}` : null,
    v.respiratoryRate !== null ? `RR ${v.respiratoryRate}` : null,
    v.spo2 !== null ? `SpO2 ${v.spo2}%` : null,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** Every assessment of the stay, newest first; corrected ones stay listed and say so. */
export function AssessmentList({ assessments, instruments, zone, canChart, onCorrect, temperatureScale = 'C' }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [expanded, setExpanded] = useState<number | null>(null);
  const [retracting, setRetracting] = useState<number | null>(null);
  const retract = useMutation(
    trpc.assessments.correct.mutationOptions({
      onSuccess: async () => {
        setRetracting(null);
        await queryClient.invalidateQueries(trpc.assessments.pathFilter());
      },
    }),
  );

  if (assessments.length === 0) return <p className="muted">No assessments charted yet.</p>;

  return (
    <table className="table records" aria-label="Assessments">
      <thead>
        <tr>
          <th scope="col">Taken</th>
          <th scope="col">Scale</th>
          <th scope="col">Score</th>
          <th scope="col">Vital signs</th>
          <th scope="col">Charted by</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {assessments.map((a) => {
          const definition = instruments.find((i) => i.id === a.instrument);
          const inactive = a.status !== 'active';
          return (
            <Fragment key={a.id}>
              <tr
                className={inactive ? `inactive status-${a.status}` : undefined}
                data-testid={`assessment-${a.id}`}
                tabIndex={-1}
              >
                <td>{formatUnitTime(a.takenAt, zone)}</td>
                <td>{a.instrument}</td>
                <td>
                  <SeverityChip severity={a.severity} label={a.severityLabel} total={a.total} />
                  <CorrectionNote correction={a.correction} supersedesId={a.supersedesId} zone={zone} />
                  {a.note && <div className="muted small">{a.note}</div>}
                  {Object.keys(a.itemReasons).length > 0 && (
                    <div className="muted small">{itemReasonsText(a.instrument, a.itemReasons)}</div>
                  )}
                </td>
                <td className="small">{vitalsSummary(a, temperatureScale)}</td>
                <td className="small">
                  {a.recordedBy.name}
                  <div className="muted">{formatUnitTime(a.recordedAt, zone)}</div>
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="button small ghost"
                    aria-expanded={expanded === a.id}
                    onClick={() => setExpanded(expanded === a.id ? null : a.id)}
                  >
                    {expanded === a.id ? 'Hide items' : 'Items'}
                  </button>
                  {canChart && !inactive && (
                    <>
                      <button type="button" className="button small ghost" onClick={() => onCorrect(a)}>
                        Correct
                      </button>
                      <button type="button" className="button small ghost" onClick={() => setRetracting(a.id)}>
                        Entered in error
                      </button>
                    </>
                  )}
                </td>
              </tr>
              {expanded === a.id && definition && (
                <tr className="detail-row">
                  <td colSpan={6}>
                    <ul className="item-scores">
                      {definition.items.map((item) => (
                        <li key={item.key}>
                          {item.label}: <strong>{a.items[item.key]}</strong>
                          <span className="muted">
                            {' '}
                            {item.options.find((o) => o.value === a.items[item.key])?.anchor}
                          </span>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              )}
              {retracting === a.id && (
                <tr className="detail-row">
                  <td colSpan={6}>
                    <EnteredInErrorForm
                      what="this assessment"
                      pending={retract.isPending}
                      error={retract.error?.message ?? null}
                      onSubmit={(reason) => retract.mutate({ assessmentId: a.id, reason })}
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
