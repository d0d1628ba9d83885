import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { fieldErrorsOf } from '../../lib/server-errors.js';
import { useTRPC } from '../../trpc.js';

/**
 * "Break the glass": shown when a patient is outside the user's units (or discharged too long ago).
 * The reason is kept with the grant and reviewed by the admins; access lasts an hour.
 */
export function EmergencyAccessForm({ admissionId }: { admissionId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const grant = useMutation(
    trpc.access.breakGlass.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }),
  );
  const errors = fieldErrorsOf(grant.error, (p) => p === 'reason');

  function submit(event: FormEvent) {
    event.preventDefault();
    grant.mutate({ admissionId, reason });
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-label="Emergency access">
      <label className={`field compact grow${errors.byPath.reason ? ' has-error' : ''}`}>
        <span>
          Emergency access: why do you need this patient's record? (kept and reviewed by the admins; lasts an hour)
        </span>
        <input
          name="reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          minLength={10}
          maxLength={500}
        />
        {errors.byPath.reason && <span className="field-error">{errors.byPath.reason}</span>}
      </label>
      {errors.general && (
        <p className="error" role="alert">
          {errors.general}
        </p>
      )}
      <button type="submit" className="button danger" disabled={grant.isPending || reason.trim().length < 10}>
        Open the record
      </button>
    </form>
  );
}
