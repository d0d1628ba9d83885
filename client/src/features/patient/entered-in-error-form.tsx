import { type FormEvent, useState } from 'react';

interface Props {
  what: string;
  pending: boolean;
  error: string | null;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
}

/** Marks a record entered in error: it stays visible, struck through, with the reason. */
export function EnteredInErrorForm({ what, pending, error, onSubmit, onCancel }: Props) {
  const [reason, setReason] = useState('');
  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit(reason);
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label={`Mark ${what} entered in error`}>
      <label className="field compact grow">
        <span>Why was {what} entered in error?</span>
        <input
          name="reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          minLength={3}
          maxLength={500}
          autoFocus
        />
        {error && <span className="field-error">{error}</span>}
      </label>
      <button type="submit" className="button danger" disabled={pending || reason.trim().length < 3}>
        Mark entered in error
      </button>
      <button type="button" className="button ghost" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
