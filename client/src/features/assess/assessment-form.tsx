import {
  COWS,
  type InstrumentId,
  type TemperatureScale,
  bandFor,
  cowsPulseItemScore,
  getInstrument,
  scoreItems,
} from '@detox/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { Assessment } from '../../lib/api-types.js';
import { fieldErrorsOf } from '../../lib/server-errors.js';
import { ClinicalTimeInput } from '../../lib/clinical-time-input.js';
import { fromLocalInputValue, toLocalInputValue } from '../../lib/unit-time.js';
import { useTRPC } from '../../trpc.js';
import type { CorrectAssessmentWrite, RecordAssessmentWrite } from '../offline/outbox-entry.js';
import { useOutboxSave } from '../offline/use-outbox-save.js';
import { ItemChoices } from './item-choices.js';
import { assessmentFieldOrder, firstBadField, issuesInOrder, localPath } from './form-errors.js';
import type { SavedAssessment } from './save-confirmation.js';
import { SeverityChip } from './severity-chip.js';
import { VITAL_FIELDS, type VitalField, plausibleHeartRate, vitalPath, vitalsIssues } from './vital-entry.js';
import { type VitalsDraft, VitalsFields, vitalsDraftOf, vitalsInput } from './vitals-fields.js';

interface Props {
  admissionId: number;
  zone: string;
  /** When set, the form corrects this assessment: it starts from its values and asks why. */
  correcting?: Assessment;
  /** The unit's scale for temperature entry (stored in °C whatever it is). */
  temperatureScale?: TemperatureScale;
  /** Called with what was saved, or with nothing when the nurse cancels. */
  onDone: (saved?: SavedAssessment) => void;
}

/** The element a refused field's focus goes to: its input, or an item's chosen (else first) choice. */
function fieldElement(form: HTMLFormElement, path: string, instrumentId: string): HTMLElement | null {
  if (path.startsWith('vitals.')) return form.querySelector<HTMLElement>(`[name="${path.slice('vitals.'.length)}"]`);
  if (path.startsWith('items.')) {
    const name = `${instrumentId}-${path.slice('items.'.length)}`;
    return (
      form.querySelector<HTMLElement>(`input[name="${name}"]:checked`) ??
      form.querySelector<HTMLElement>(`input[name="${name}"]`)
    );
  }
  // A time is typed in its clock field ("takenAtTime"); the hidden "takenAt" only carries the value.
  return (
    form.querySelector<HTMLElement>(`[name="${path}Time"], [name="${path}"]:not([type="hidden"])`) ??
    form.querySelector<HTMLElement>('.footer-errors')
  );
}

export function AssessmentForm({ admissionId, zone, correcting, temperatureScale = 'C', onDone }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const instruments = useQuery(trpc.instruments.list.queryOptions(undefined, { staleTime: Number.POSITIVE_INFINITY }));
  const [instrumentId, setInstrumentId] = useState<InstrumentId>(correcting?.instrument ?? 'COWS');
  const [takenAt, setTakenAt] = useState(() =>
    toLocalInputValue(correcting?.takenAt ?? new Date().toISOString(), zone),
  );
  const [items, setItems] = useState<Record<string, number>>(() => ({ ...(correcting?.items ?? {}) }));
  const [vitals, setVitals] = useState<VitalsDraft>(() => vitalsDraftOf(correcting?.vitals ?? null, temperatureScale));
  // Vital signs are checked when the nurse leaves a field, and all of them when Save is pressed.
  const [leftFields, setLeftFields] = useState<ReadonlySet<VitalField>>(() => new Set());
  const [editedSinceSave, setEditedSinceSave] = useState<ReadonlySet<VitalField>>(() => new Set());
  const [saveTried, setSaveTried] = useState(false);
  // Whether the pulse item was set from the heart rate (and so follows it) or chosen by the nurse.
  const [pulseFromHeartRate, setPulseFromHeartRate] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const [note, setNote] = useState(correcting?.note ?? '');
  // COWS asks to score only what withdrawal causes: a pulse item below the heart rate's band needs a reason.
  const [pulseReason, setPulseReason] = useState(correcting?.itemReasons?.pulse ?? '');
  const [reason, setReason] = useState('');

  const saved = async (id: number, instrument: InstrumentId, total: number, at: string) => {
    await queryClient.invalidateQueries(trpc.assessments.pathFilter());
    onDone({
      id,
      instrument,
      total,
      bandLabel: bandFor(getInstrument(instrument), total).label,
      takenAt: at,
      corrected: Boolean(correcting),
    });
  };
  // Save goes through the outbox (issue 13): with no connection the entry waits on the tablet.
  const save = useOutboxSave(admissionId);
  const totalOf = (instrument: InstrumentId, chosen: Readonly<Record<string, unknown>>) => {
    const scored = scoreItems(getInstrument(instrument), chosen);
    return scored.ok ? scored.total : 0;
  };
  const record = useMutation({
    mutationKey: trpc.assessments.record.mutationKey(),
    // Offline the save must still run, to queue the entry (react-query would otherwise pause it).
    networkMode: 'always',
    mutationFn: (input: RecordAssessmentWrite) => save({ procedure: 'assessments.record', input }),
    onSuccess: (result, input) =>
      result.saved
        ? saved(result.saved.id, input.instrument, totalOf(input.instrument, input.items), input.takenAt)
        : onDone(),
  });
  const correct = useMutation({
    mutationKey: trpc.assessments.correct.mutationKey(),
    // Offline the save must still run, to queue the entry (react-query would otherwise pause it).
    networkMode: 'always',
    mutationFn: (input: CorrectAssessmentWrite) => save({ procedure: 'assessments.correct', input }),
    // The server scores the replacement with the same shared rule the live total uses.
    onSuccess: (result, input) => {
      const replacement = input.replacement;
      if (!result.saved || !replacement) return onDone();
      return saved(
        result.saved.id,
        replacement.instrument,
        totalOf(replacement.instrument, replacement.items),
        replacement.takenAt,
      );
    },
  });
  const mutation = correcting ? correct : record;

  const definition = instruments.data?.find((i) => i.id === instrumentId);
  const unanswered = definition ? definition.items.filter((i) => items[i.key] === undefined).length : 0;
  const preview = useMemo(() => {
    if (!definition || unanswered > 0) return null;
    const scored = scoreItems(getInstrument(instrumentId), items);
    return scored.ok ? scored : null;
  }, [definition, unanswered, instrumentId, items]);
  const runningTotal = definition ? definition.items.reduce((sum, i) => sum + (items[i.key] ?? 0), 0) : 0;

  const serverErrors = fieldErrorsOf(mutation.error, (path) => {
    const local = localPath(path);
    return local.startsWith('items.') || local.startsWith('vitals.') || local === 'takenAt' || local === 'reason';
  });
  // The server's word on a vital sign stands until the nurse changes that field; then the form's own
  // check (the same limits) takes over, so a fixed reading no longer shows its old error.
  const byPath: Record<string, string> = {};
  for (const [path, message] of Object.entries(serverErrors.byPath)) {
    const local = localPath(path);
    if (!VITAL_FIELDS.some((f) => editedSinceSave.has(f) && vitalPath(f) === local)) byPath[local] = message;
  }
  Object.assign(byPath, vitalsIssues(vitals, temperatureScale, saveTried ? undefined : leftFields));
  if (saveTried && !fromLocalInputValue(takenAt, zone))
    byPath.takenAt = 'Enter the date and time the assessment was taken';
  const errorFor = (path: string) => byPath[path];
  const fieldOrder = assessmentFieldOrder(definition?.items.map((i) => i.key) ?? [], VITAL_FIELDS.map(vitalPath));
  const summary = saveTried || mutation.isError ? issuesInOrder(byPath, fieldOrder) : [];
  if (mutation.isError && serverErrors.general) summary.push({ path: '', message: serverErrors.general });

  function focusField(path: string) {
    const form = formRef.current;
    const element = form ? fieldElement(form, path, instrumentId) : null;
    if (!element) return;
    // Centred, so the sticky footer never covers the field it points to.
    element.scrollIntoView({ block: 'center' });
    element.focus({ preventScroll: true });
  }

  // A refused save sends the nurse to the first field to fix, wherever on the page it is.
  const refusal = mutation.error;
  // Only a new refusal moves focus; the field order is read as it stands then.
  useEffect(() => {
    if (!refusal) return;
    const errors = fieldErrorsOf(refusal, () => true);
    focusField(firstBadField(Object.keys(errors.byPath), fieldOrder) ?? '');
  }, [refusal]);

  // Opening the form puts the cursor in its first field to fill in, the heart rate.
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[name="heartRate"]')?.focus();
  }, []);

  function chooseInstrument(id: InstrumentId) {
    setInstrumentId(id);
    setItems({});
    mutation.reset();
  }

  function setVitalsAndPulse(next: VitalsDraft) {
    setEditedSinceSave((current) => new Set([...current, ...VITAL_FIELDS.filter((f) => next[f] !== vitals[f])]));
    setVitals(next);
    if (instrumentId !== 'COWS') return;
    // The COWS pulse item is the heart rate's band; filling it in saves a tap and a mismatch. Only a
    // plausible heart rate sets it: 300 (or a half-typed "3") must not score the pulse or the total.
    const bpm = plausibleHeartRate(next);
    if (bpm !== null) {
      setItems((current) => ({ ...current, pulse: cowsPulseItemScore(bpm) }));
      setPulseFromHeartRate(true);
    } else if (pulseFromHeartRate && next.heartRate !== vitals.heartRate) {
      setItems(({ pulse: _dropped, ...rest }) => rest);
      setPulseFromHeartRate(false);
    }
  }

  function leaveVital(field: VitalField) {
    setLeftFields((current) => (current.has(field) ? current : new Set([...current, field])));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!definition) return;
    const at = fromLocalInputValue(takenAt, zone);
    setSaveTried(true);
    setEditedSinceSave(new Set());
    // A reading the record would refuse is caught here, before anything is sent.
    const local = at ? firstBadField(Object.keys(vitalsIssues(vitals, temperatureScale)), fieldOrder) : 'takenAt';
    if (local || !at) {
      mutation.reset();
      // After this render, so the summary the focus may fall back to is on the page.
      window.setTimeout(() => focusField(local ?? 'takenAt'));
      return;
    }
    const content = {
      instrument: instrumentId,
      takenAt: at,
      items: Object.fromEntries(definition.items.map((i) => [i.key, items[i.key]])),
      vitals: vitalsInput(vitals, temperatureScale),
      note: note.trim() || undefined,
      itemReasons: pulseLowered && pulseReason.trim() ? { pulse: pulseReason.trim() } : undefined,
    };
    if (correcting) correct.mutate({ assessmentId: correcting.id, reason, replacement: content });
    else record.mutate({ admissionId, ...content });
  }

  if (instruments.isPending) return <p className="page-status">Loading the scales…</p>;
  if (instruments.error) return <p className="error">{instruments.error.message}</p>;

  const canSave = unanswered === 0 && (!correcting || reason.trim().length >= 3) && !mutation.isPending;
  const plausibleBpm = plausibleHeartRate(vitals);
  const heartRateBand =
    instrumentId === 'COWS' && plausibleBpm !== null
      ? COWS.items[0]?.options.find((o) => o.value === cowsPulseItemScore(plausibleBpm))
      : undefined;
  const pulseLowered = heartRateBand !== undefined && items.pulse !== undefined && items.pulse < heartRateBand.value;

  return (
    <form
      ref={formRef}
      className="assessment-form"
      onSubmit={submit}
      noValidate
      aria-label={correcting ? `Correct assessment ${correcting.id}` : 'Chart an assessment'}
    >
      <div className="form-row">
        <div className="segmented" role="radiogroup" aria-label="Scale">
          {instruments.data.map((i) => (
            <label key={i.id} className={`segment${i.id === instrumentId ? ' selected' : ''}`}>
              <input
                type="radio"
                name="instrument"
                value={i.id}
                checked={i.id === instrumentId}
                onChange={() => chooseInstrument(i.id)}
              />
              {i.id}
            </label>
          ))}
        </div>
        <ClinicalTimeInput
          name="takenAt"
          label={`Taken at (${zone})`}
          zone={zone}
          value={takenAt}
          onChange={setTakenAt}
          error={errorFor('takenAt')}
          keep={correcting?.takenAt}
        />
      </div>
      {definition && (
        <p className="muted small">
          {definition.name} · {definition.rater === 'patient' ? 'the patient rates each item' : 'clinician-rated'} ·{' '}
          {definition.source}
        </p>
      )}

      <VitalsFields
        value={vitals}
        scale={temperatureScale}
        onChange={setVitalsAndPulse}
        onLeave={leaveVital}
        errors={byPath}
      />
      {heartRateBand && (
        <p className="hint">
          Heart rate {vitals.heartRate} bpm: pulse item set to {heartRateBand.value} ({heartRateBand.anchor}).
        </p>
      )}

      <div className="items">
        {definition?.items.map((item) => (
          <ItemChoices
            key={`${instrumentId}-${item.key}`}
            instrumentId={instrumentId}
            itemKey={item.key}
            label={item.label}
            instructions={item.instructions}
            options={item.options}
            value={items[item.key]}
            error={errorFor(`items.${item.key}`)}
            onChange={(value) => {
              if (item.key === 'pulse') setPulseFromHeartRate(false);
              setItems((current) => ({ ...current, [item.key]: value }));
            }}
          />
        ))}
      </div>
      {pulseLowered && (
        <label className={`field${errorFor('items.pulse') ? ' has-error' : ''}`}>
          <span>Pulse item below the heart rate's {heartRateBand?.value}: why is the pulse not from withdrawal?</span>
          <input
            name="itemReasons.pulse"
            value={pulseReason}
            onChange={(e) => setPulseReason(e.target.value)}
            required
            minLength={3}
            maxLength={300}
            placeholder="e.g. just walked back from the bathroom"
          />
        </label>
      )}

      <label className="field">
        <span>Note (optional)</span>
        <textarea name="note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
      </label>
      {correcting && (
        <label className={`field${errorFor('reason') ? ' has-error' : ''}`}>
          <span>Why is this assessment being corrected?</span>
          <input
            name="reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
            minLength={3}
            maxLength={500}
          />
          {errorFor('reason') && <span className="field-error">{errorFor('reason')}</span>}
        </label>
      )}

      {serverErrors.general && <p className="error">{serverErrors.general}</p>}

      <div className="form-footer">
        {summary.length > 0 && (
          <div className="footer-errors" role="alert" tabIndex={-1}>
            <strong>Not saved.</strong>{' '}
            {summary.length === 1 ? 'Fix this field: ' : `Fix ${summary.length} fields, first: `}
            {summary[0]?.path ? (
              <button type="button" className="link-button" onClick={() => focusField(summary[0]?.path ?? '')}>
                {summary[0]?.message}
              </button>
            ) : (
              summary[0]?.message
            )}
          </div>
        )}
        <div className="live-total" aria-live="polite">
          {preview ? (
            <SeverityChip severity={preview.band.severity} label={preview.band.label} total={preview.total} />
          ) : (
            <span>
              Total so far <strong>{runningTotal}</strong>
              {definition && unanswered > 0 && (
                <span className="muted">
                  {' '}
                  · {unanswered} {unanswered === 1 ? 'item' : 'items'} left
                </span>
              )}
              {definition && unanswered === 0 && !preview && (
                <span className="muted"> · {bandFor(getInstrument(instrumentId), runningTotal).label}</span>
              )}
            </span>
          )}
        </div>
        <button type="button" className="button ghost" onClick={() => onDone()}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={!canSave}>
          {mutation.isPending ? 'Saving…' : correcting ? 'Save correction' : `Save ${instrumentId}`}
        </button>
      </div>
    </form>
  );
}
