import { COWS, type InstrumentId, bandFor, cowsPulseItemScore, getInstrument, scoreItems } from '@detox/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import type { Assessment } from '../../lib/api-types.js';
import { fieldErrorsOf } from '../../lib/server-errors.js';
import { fromLocalInputValue, toLocalInputValue } from '../../lib/unit-time.js';
import { useTRPC } from '../../trpc.js';
import { ItemChoices } from './item-choices.js';
import { SeverityChip } from './severity-chip.js';
import { type VitalsDraft, VitalsFields, vitalsDraftOf, vitalsInput } from './vitals-fields.js';

interface Props {
  admissionId: number;
  zone: string;
  /** When set, the form corrects this assessment: it starts from its values and asks why. */
  correcting?: Assessment;
  onDone: () => void;
}

export function AssessmentForm({ admissionId, zone, correcting, onDone }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const instruments = useQuery(trpc.instruments.list.queryOptions(undefined, { staleTime: Number.POSITIVE_INFINITY }));
  const [instrumentId, setInstrumentId] = useState<InstrumentId>(correcting?.instrument ?? 'COWS');
  const [takenAt, setTakenAt] = useState(() => toLocalInputValue(correcting?.takenAt ?? new Date().toISOString(), zone));
  const [items, setItems] = useState<Record<string, number>>(() => ({ ...(correcting?.items ?? {}) }));
  const [vitals, setVitals] = useState<VitalsDraft>(() => vitalsDraftOf(correcting?.vitals ?? null));
  const [note, setNote] = useState(correcting?.note ?? '');
  const [reason, setReason] = useState('');

  const onSuccess = async () => {
    await queryClient.invalidateQueries(trpc.assessments.pathFilter());
    onDone();
  };
  const record = useMutation(trpc.assessments.record.mutationOptions({ onSuccess }));
  const correct = useMutation(trpc.assessments.correct.mutationOptions({ onSuccess }));
  const mutation = correcting ? correct : record;

  const definition = instruments.data?.find((i) => i.id === instrumentId);
  const unanswered = definition ? definition.items.filter((i) => items[i.key] === undefined).length : 0;
  const preview = useMemo(() => {
    if (!definition || unanswered > 0) return null;
    const scored = scoreItems(getInstrument(instrumentId), items);
    return scored.ok ? scored : null;
  }, [definition, unanswered, instrumentId, items]);
  const runningTotal = definition ? definition.items.reduce((sum, i) => sum + (items[i.key] ?? 0), 0) : 0;

  const errors = fieldErrorsOf(mutation.error, (path) => {
    const local = correcting ? path.replace(/^replacement\./, '') : path;
    return local.startsWith('items.') || local.startsWith('vitals.') || local === 'takenAt' || local === 'reason';
  });
  const errorFor = (path: string) => errors.byPath[path] ?? errors.byPath[`replacement.${path}`];

  function chooseInstrument(id: InstrumentId) {
    setInstrumentId(id);
    setItems({});
    mutation.reset();
  }

  function setVitalsAndPulse(next: VitalsDraft) {
    setVitals(next);
    // The COWS pulse item is the heart rate's band; filling it in saves a tap and a mismatch.
    const bpm = Number(next.heartRate);
    if (instrumentId === 'COWS' && next.heartRate.trim() !== '' && Number.isFinite(bpm) && bpm > 0) {
      setItems((current) => ({ ...current, pulse: cowsPulseItemScore(bpm) }));
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const at = fromLocalInputValue(takenAt, zone);
    if (!at || !definition) return;
    const content = {
      instrument: instrumentId,
      takenAt: at,
      items: Object.fromEntries(definition.items.map((i) => [i.key, items[i.key]])),
      vitals: vitalsInput(vitals),
      note: note.trim() || undefined,
    };
    if (correcting) correct.mutate({ assessmentId: correcting.id, reason, replacement: content });
    else record.mutate({ admissionId, ...content });
  }

  if (instruments.isPending) return <p className="page-status">Loading the scales…</p>;
  if (instruments.error) return <p className="error">{instruments.error.message}</p>;

  const canSave = unanswered === 0 && (!correcting || reason.trim().length >= 3) && !mutation.isPending;
  const heartRateBand = instrumentId === 'COWS' && vitals.heartRate ? COWS.items[0]?.options.find((o) => o.value === cowsPulseItemScore(Number(vitals.heartRate))) : undefined;

  return (
    <form className="assessment-form" onSubmit={submit} aria-label={correcting ? `Correct assessment ${correcting.id}` : 'Chart an assessment'}>
      <div className="form-row">
        <div className="segmented" role="radiogroup" aria-label="Scale">
          {instruments.data.map((i) => (
            <label key={i.id} className={`segment${i.id === instrumentId ? ' selected' : ''}`}>
              <input type="radio" name="instrument" value={i.id} checked={i.id === instrumentId} onChange={() => chooseInstrument(i.id)} />
              {i.id}
            </label>
          ))}
        </div>
        <label className={`field compact${errorFor('takenAt') ? ' has-error' : ''}`}>
          <span>Taken at ({zone})</span>
          <input type="datetime-local" name="takenAt" value={takenAt} onChange={(e) => setTakenAt(e.target.value)} required />
          {errorFor('takenAt') && <span className="field-error">{errorFor('takenAt')}</span>}
        </label>
      </div>
      {definition && (
        <p className="muted small">
          {definition.name} · {definition.rater === 'patient' ? 'the patient rates each item' : 'clinician-rated'} · {definition.source}
        </p>
      )}

      <VitalsFields value={vitals} onChange={setVitalsAndPulse} errors={Object.fromEntries(Object.entries(errors.byPath).map(([k, v]) => [k.replace(/^replacement\./, ''), v]))} />
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
            onChange={(value) => setItems((current) => ({ ...current, [item.key]: value }))}
          />
        ))}
      </div>

      <label className="field">
        <span>Note (optional)</span>
        <textarea name="note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
      </label>
      {correcting && (
        <label className={`field${errorFor('reason') ? ' has-error' : ''}`}>
          <span>Why is this assessment being corrected?</span>
          <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} maxLength={500} />
          {errorFor('reason') && <span className="field-error">{errorFor('reason')}</span>}
        </label>
      )}

      {errors.general && (
        <p className="error" role="alert">
          {errors.general}
        </p>
      )}

      <div className="form-footer" aria-live="polite">
        <div className="live-total">
          {preview ? (
            <SeverityChip severity={preview.band.severity} label={preview.band.label} total={preview.total} />
          ) : (
            <span>
              Total so far <strong>{runningTotal}</strong>
              {definition && unanswered > 0 && <span className="muted"> · {unanswered} {unanswered === 1 ? 'item' : 'items'} left</span>}
              {definition && unanswered === 0 && !preview && <span className="muted"> · {bandFor(getInstrument(instrumentId), runningTotal).label}</span>}
            </span>
          )}
        </div>
        <button type="button" className="button ghost" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={!canSave}>
          {mutation.isPending ? 'Saving…' : correcting ? 'Save correction' : `Save ${instrumentId}`}
        </button>
      </div>
    </form>
  );
}
