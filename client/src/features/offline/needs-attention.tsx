import { type FormEvent, useState } from 'react';
import { fieldErrorsOf } from '../../lib/server-errors.js';
import { formatUnitTime, fromLocalInputValue, toLocalInputValue } from '../../lib/unit-time.js';
import { type AttentionEdits, editedWrite } from './attention-edit.js';
import { saveOrQueue } from './offline-save.js';
import type { OutboxEntry } from './outbox-entry.js';
import { removeEntry, updateEntry } from './outbox-store.js';

interface Props {
  entry: OutboxEntry;
  zone: string;
  me: { id: number; name: string } | null;
}

/**
 * A queued entry the server refused on replay: kept, with the server's words, until the nurse who
 * charted it resends it changed, or discards it with a reason (kept on the tablet, marked discarded).
 */
export function NeedsAttention({ entry, zone, me }: Props) {
  const [mode, setMode] = useState<'view' | 'edit' | 'discard'>('view');
  const mine = me !== null && me.id === entry.userId;
  return (
    <>
      <p className="server-says" role="alert">
        Not saved: the server said “{entry.attention?.message}”
        {entry.attention ? ` (${formatUnitTime(entry.attention.at, zone)})` : ''}.
      </p>
      {!mine && <p className="muted small">Only {entry.userName} can resend or discard this entry, once logged in.</p>}
      {mine && mode === 'view' && (
        <div className="pending-actions">
          <button type="button" className="button small" onClick={() => setMode('edit')}>
            Edit and resend
          </button>
          <button type="button" className="button small ghost" onClick={() => setMode('discard')}>
            Discard…
          </button>
        </div>
      )}
      {mine && mode === 'edit' && <ResendForm entry={entry} zone={zone} me={me} onCancel={() => setMode('view')} />}
      {mine && mode === 'discard' && <DiscardForm entry={entry} me={me} onCancel={() => setMode('view')} />}
    </>
  );
}

function ResendForm({
  entry,
  zone,
  me,
  onCancel,
}: {
  entry: OutboxEntry;
  zone: string;
  me: { id: number; name: string };
  onCancel: () => void;
}) {
  const write = entry.write;
  const [time, setTime] = useState(toLocalInputValue(entry.chartedAt, zone));
  const [edits, setEdits] = useState<AttentionEdits>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof AttentionEdits) => (e: { target: { value: string } }) =>
    setEdits((current) => ({ ...current, [key]: e.target.value }));
  const isDose = write.procedure === 'medications.record';
  const isScore = write.procedure === 'assessments.record';
  const isCorrection = !isDose && !isScore;

  async function resend(event: FormEvent) {
    event.preventDefault();
    const chartedAt = fromLocalInputValue(time, zone) ?? undefined;
    const changedTime = chartedAt && toLocalInputValue(chartedAt, zone) !== toLocalInputValue(entry.chartedAt, zone);
    const next = editedWrite(write, { ...edits, chartedAt: changedTime ? chartedAt : undefined });
    setBusy(true);
    setError(null);
    try {
      // A dose that was given while offline stays a fact charted offline, whatever was fixed in it.
      const givenOffline = next.procedure === 'medications.record' && next.input.status === 'given' ? true : undefined;
      await saveOrQueue(next, { admissionId: entry.admissionId, user: me, givenOffline });
      // Sent (or queued again as a new entry): the refused copy has been replaced.
      await removeEntry(entry.requestId);
    } catch (refusal) {
      const errors = fieldErrorsOf(refusal, () => false);
      setError(errors.general ?? 'The server refused it again.');
      setBusy(false);
    }
  }

  return (
    <form className="attention-edit" onSubmit={resend} aria-label="Edit and resend">
      {!isCorrection && (
        <label className="field">
          <span>
            {isDose ? 'Time given' : 'Time taken'} ({zone})
          </span>
          <input type="datetime-local" name="chartedAt" value={time} onChange={(e) => setTime(e.target.value)} />
        </label>
      )}
      {isDose && (
        <>
          <label className="field">
            <span>Dose (mg)</span>
            <input
              name="doseMg"
              inputMode="decimal"
              defaultValue={String(write.input.doseMg)}
              onChange={set('doseMg')}
            />
          </label>
          {write.input.status !== 'given' && (
            <label className="field">
              <span>Why was it {write.input.status}?</span>
              <input name="holdReason" defaultValue={write.input.holdReason ?? ''} onChange={set('holdReason')} />
            </label>
          )}
          <label className="field">
            <span>Override reason (if the protocol asks for one)</span>
            <input
              name="overrideReason"
              defaultValue={write.input.overrideReason ?? ''}
              onChange={set('overrideReason')}
            />
          </label>
        </>
      )}
      {isScore && (
        <>
          <label className="field">
            <span>Why the pulse item is below the heart rate's band (if it is)</span>
            <input
              name="pulseReason"
              defaultValue={write.input.itemReasons?.pulse ?? ''}
              onChange={set('pulseReason')}
            />
          </label>
          <label className="field">
            <span>Note</span>
            <input name="note" defaultValue={write.input.note ?? ''} onChange={set('note')} />
          </label>
        </>
      )}
      {isCorrection && (
        <label className="field">
          <span>Why is the record being corrected?</span>
          <input name="reason" defaultValue={write.input.reason} onChange={set('reason')} />
        </label>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="pending-actions">
        <button type="submit" className="button small primary" disabled={busy}>
          {busy ? 'Sending…' : 'Resend'}
        </button>
        <button type="button" className="button small ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function DiscardForm({
  entry,
  me,
  onCancel,
}: {
  entry: OutboxEntry;
  me: { id: number; name: string };
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  async function discard(event: FormEvent) {
    event.preventDefault();
    await updateEntry({
      ...entry,
      state: 'discarded',
      discarded: { reason: reason.trim(), at: new Date().toISOString(), byName: me.name },
    });
  }
  return (
    <form className="attention-edit" onSubmit={discard} aria-label="Discard entry">
      <label className="field">
        <span>Why discard it? (kept on this tablet with your name)</span>
        <input name="discardReason" value={reason} onChange={(e) => setReason(e.target.value)} minLength={3} required />
      </label>
      <div className="pending-actions">
        <button type="submit" className="button small danger" disabled={reason.trim().length < 3}>
          Discard entry
        </button>
        <button type="button" className="button small ghost" onClick={onCancel}>
          Keep it
        </button>
      </div>
    </form>
  );
}
