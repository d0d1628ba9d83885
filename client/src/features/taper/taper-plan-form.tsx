import { DRUGS, type DrugId, addDays, formatDoseMg, getDrug, stayDayLabel } from '@detox/shared';
import { DateTime } from 'luxon';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { fieldErrorsOf } from '../../lib/server-errors.js';
import { useTRPC } from '../../trpc.js';

/** Drugs a detox unit tapers on a plan: the agonists and the alpha-2 agonists. */
const TAPERED = DRUGS.filter((d) => d.role === 'opioid-agonist' || d.role === 'alpha-2-agonist');

interface PlanRow {
  day: number;
  totalMg: string;
}

/** Rounds to the 0.01 mg the catalogue doses use, so 0.1 steps do not print as 0.30000000000000004. */
function roundMg(mg: number): number {
  return Math.round(mg * 100) / 100;
}

/** A straight-line taper from the first day's total down to zero, the usual starting point a physician edits. */
export function linearTaper(startMg: number, stepMg: number): PlanRow[] {
  const rows: PlanRow[] = [];
  for (let day = 1, mg = startMg; day <= 60 && mg > 0; day++, mg = roundMg(mg - stepMg))
    rows.push({ day, totalMg: String(mg) });
  return rows;
}

interface Props {
  admissionId: number;
  onDone: () => void;
}

/**
 * The physician's taper plan: planned total milligrams for each calendar day from the start date
 * chosen (today by default), each day named by its day of stay. Saving replaces the drug's plan from
 * that date with a new version (the old one stays in the record); the chart draws it on the course's
 * time axis against what was given, and a dose that would pass the day's plan warns the nurse.
 */
export function TaperPlanForm({ admissionId, onDone }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const timeline = useQuery(trpc.timeline.get.queryOptions({ admissionId }));
  const [drug, setDrug] = useState<DrugId>('buprenorphine');
  const [edited, setEdited] = useState<Partial<Record<DrugId, PlanRow[]>>>({});
  const [startMg, setStartMg] = useState('');
  const [stepMg, setStepMg] = useState('');
  const [reason, setReason] = useState('');
  const zone = timeline.data?.timeZone ?? 'UTC';
  // Plans start on the day chosen, today by default, on the unit's calendar (never on a day already past).
  const today = DateTime.now().setZone(zone).toISODate() ?? '';
  const [startDate, setStartDate] = useState('');
  const start = startDate || today;
  const admissionDate = timeline.data
    ? (DateTime.fromISO(timeline.data.admittedAt, { zone }).toISODate() ?? today)
    : today;

  // The plan in force from the start date on, renumbered from it, is where a change starts from.
  const current = useMemo(
    () =>
      (timeline.data?.taper ?? [])
        .filter((t) => t.drug === drug && t.date >= start)
        .sort((a, b) => a.date.localeCompare(b.date))
        .map((t, i) => ({ day: i + 1, totalMg: String(t.plannedMg) })),
    [timeline.data, drug, start],
  );
  const replacing = (timeline.data?.taper ?? []).some((t) => t.drug === drug && t.date >= start);
  const rows = edited[drug] ?? current;
  const setRows = (next: PlanRow[]) => setEdited({ ...edited, [drug]: next });
  const dayName = (planDay: number) => stayDayLabel(admissionDate, addDays(start, planDay - 1));

  const save = useMutation(
    trpc.taperPlans.set.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.timeline.pathFilter());
        onDone();
      },
    }),
  );
  const errors = fieldErrorsOf(
    save.error,
    (p) => p === 'drug' || p === 'startDate' || p === 'reason' || /^days\.\d+\.(day|totalMg)$/.test(p),
  );
  const blank = rows.some((r) => r.totalMg.trim() === '' || !Number.isFinite(Number(r.totalMg)));

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({
      admissionId,
      drug,
      startDate: start,
      ...(replacing && reason.trim() ? { reason: reason.trim() } : {}),
      days: rows.map((r) => ({ day: r.day, totalMg: Number(r.totalMg) })),
    });
  }

  function generate() {
    const start = Number(startMg);
    const step = Number(stepMg);
    if (start > 0 && step > 0) setRows(linearTaper(start, step));
  }

  const name = getDrug(drug).name;
  return (
    <form className="taper-form" aria-label="Taper plan" onSubmit={submit} noValidate>
      <div className="form-grid">
        <label className={`field${errors.byPath.drug ? ' has-error' : ''}`}>
          <span>Drug</span>
          <select name="drug" value={drug} onChange={(e) => setDrug(e.target.value as DrugId)}>
            {TAPERED.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label className={`field${errors.byPath.startDate ? ' has-error' : ''}`}>
          <span>Starts on</span>
          <input
            type="date"
            name="startDate"
            value={start}
            min={today}
            aria-invalid={errors.byPath.startDate ? true : undefined}
            aria-describedby="taper-start-help"
            onChange={(e) => setStartDate(e.target.value)}
          />
          <span id="taper-start-help" className="muted small">
            {start ? `${dayName(1)}; today or later` : 'today or later'}
          </span>
          {errors.byPath.startDate && <span className="field-error">{errors.byPath.startDate}</span>}
        </label>
        <label className="field">
          <span>First day total (mg)</span>
          <input
            name="startMg"
            inputMode="decimal"
            value={startMg}
            onChange={(e) => setStartMg(e.target.value)}
            placeholder="e.g. 16"
          />
        </label>
        <label className="field">
          <span>Less each day (mg)</span>
          <input
            name="stepMg"
            inputMode="decimal"
            value={stepMg}
            onChange={(e) => setStepMg(e.target.value)}
            placeholder="e.g. 2"
          />
        </label>
        <div className="field">
          <span aria-hidden="true">&nbsp;</span>
          <button
            type="button"
            className="button"
            onClick={generate}
            disabled={!(Number(startMg) > 0 && Number(stepMg) > 0)}
          >
            Fill a straight taper
          </button>
        </div>
      </div>

      {rows.length === 0 ? (
        <p className="muted">No {name.toLowerCase()} plan yet: fill a straight taper above, or add days one by one.</p>
      ) : (
        <table className="table taper-days" aria-label={`${name} planned totals`}>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Planned total (mg)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const error = errors.byPath[`days.${i}.totalMg`] ?? errors.byPath[`days.${i}.day`];
              return (
                <tr key={row.day}>
                  <th scope="row">{dayName(row.day)}</th>
                  <td>
                    <input
                      aria-label={`${dayName(row.day)} planned total, mg`}
                      inputMode="decimal"
                      value={row.totalMg}
                      aria-invalid={error ? true : undefined}
                      onChange={(e) => setRows(rows.map((r, j) => (j === i ? { ...r, totalMg: e.target.value } : r)))}
                    />
                    {error && <span className="field-error">{error}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="actions-bar">
        <button
          type="button"
          className="button small"
          onClick={() => setRows([...rows, { day: (rows.at(-1)?.day ?? 0) + 1, totalMg: '0' }])}
          disabled={rows.length >= 60}
        >
          Add a day
        </button>
        <button
          type="button"
          className="button small ghost"
          onClick={() => setRows(rows.slice(0, -1))}
          disabled={rows.length === 0}
        >
          Remove the last day
        </button>
        {rows.length > 0 && !blank && (
          <span className="muted small">
            {rows.length} days, {formatDoseMg(roundMg(rows.reduce((sum, r) => sum + Number(r.totalMg), 0)))} in all
          </span>
        )}
      </div>
      {replacing && (
        <label className={`field${errors.byPath.reason ? ' has-error' : ''}`}>
          <span>Why the plan changes</span>
          <input
            name="reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="e.g. cravings on 4 mg: slower taper"
          />
          <span className="muted small">
            The new plan replaces the current one from {dayName(1)}; the current one stays in the record.
          </span>
          {errors.byPath.reason && <span className="field-error">{errors.byPath.reason}</span>}
        </label>
      )}
      {errors.general && (
        <p className="error" role="alert">
          {errors.general}
        </p>
      )}
      <div className="form-footer">
        <button type="button" className="button ghost" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={rows.length === 0 || blank || save.isPending}>
          {save.isPending ? 'Saving…' : `Save ${name.toLowerCase()} plan`}
        </button>
      </div>
    </form>
  );
}
