import { ADMINISTRATION_STATUSES, type AdministrationStatus, DRUGS, type DrugId, type Route, getDrug } from '@detox/shared';
import { type AdministrationWarning, type CheckAdministrationInput, hasHardStop, needsOverride } from '@detox/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { type FormEvent, useState } from 'react';
import type { Administration } from '../../lib/api-types.js';
import { fieldErrorsOf } from '../../lib/server-errors.js';
import { fromLocalInputValue, toLocalInputValue } from '../../lib/unit-time.js';
import { useDebounced } from '../../lib/use-debounced.js';
import { useTRPC } from '../../trpc.js';
import { SafetyWarnings } from './safety-warnings.js';

interface Props {
  admissionId: number;
  zone: string;
  correcting?: Administration;
  onDone: () => void;
}

const STATUS_LABEL: Record<AdministrationStatus, string> = { given: 'Given', held: 'Held', refused: 'Refused' };
const FIELDS = ['drug', 'doseMg', 'route', 'givenAt', 'status', 'holdReason', 'indication', 'reason', 'overrideReason'];

function warningsOfRefusal(error: unknown): AdministrationWarning[] {
  if (!(error instanceof TRPCClientError)) return [];
  return ((error.data as { warnings?: AdministrationWarning[] } | undefined)?.warnings ?? []) as AdministrationWarning[];
}

export function MedicationForm({ admissionId, zone, correcting, onDone }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [drug, setDrug] = useState<DrugId | ''>(correcting?.drug ?? '');
  const [dose, setDose] = useState(correcting ? String(correcting.doseMg) : '');
  const [route, setRoute] = useState<Route | ''>(correcting?.route ?? '');
  const [givenAt, setGivenAt] = useState(() => toLocalInputValue(correcting?.givenAt ?? new Date().toISOString(), zone));
  const [status, setStatus] = useState<AdministrationStatus>(correcting?.status ?? 'given');
  const [holdReason, setHoldReason] = useState(correcting?.holdReason ?? '');
  const [indication, setIndication] = useState(correcting?.indication ?? '');
  const [reason, setReason] = useState('');
  const [overrideReason, setOverrideReason] = useState('');

  const onSuccess = async () => {
    await queryClient.invalidateQueries(trpc.medications.pathFilter());
    onDone();
  };
  const record = useMutation(trpc.medications.record.mutationOptions({ onSuccess }));
  const correct = useMutation(trpc.medications.correct.mutationOptions({ onSuccess }));
  const mutation = correcting ? correct : record;
  const errors = fieldErrorsOf(mutation.error, (path) => FIELDS.includes(path.replace(/^replacement\./, '')));
  const errorFor = (path: string) => errors.byPath[path] ?? errors.byPath[`replacement.${path}`];

  const selected = drug ? getDrug(drug) : undefined;

  // Ask the server's protocol check as the nurse types: the same rules it enforces on save.
  const at = fromLocalInputValue(givenAt, zone);
  const proposal: CheckAdministrationInput | null =
    drug && route && at && Number(dose) > 0 ? { admissionId, drug, doseMg: Number(dose), route, givenAt: at, status } : null;
  const settled = useDebounced(proposal);
  const check = useQuery({
    ...trpc.medications.check.queryOptions(settled ?? { admissionId, drug: 'clonidine', doseMg: 1, route: 'PO', givenAt: new Date().toISOString(), status: 'given' }),
    enabled: settled !== null,
    staleTime: 0,
    retry: false,
  });
  const refusedWith = warningsOfRefusal(mutation.error);
  const warnings: readonly AdministrationWarning[] = refusedWith.length ? refusedWith : settled && check.data ? check.data.warnings : [];
  const needsReason = needsOverride(warnings);
  const stopped = hasHardStop(warnings);

  function chooseDrug(id: DrugId | '') {
    setDrug(id);
    setRoute(id ? getDrug(id).defaultRoute : '');
    setDose('');
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const at = fromLocalInputValue(givenAt, zone);
    if (!drug || !route || !at) return;
    const content = {
      drug,
      doseMg: Number(dose),
      route,
      givenAt: at,
      status,
      indication: indication.trim() || undefined,
      holdReason: status === 'given' ? undefined : holdReason.trim() || undefined,
      overrideReason: needsReason ? overrideReason.trim() || undefined : undefined,
    };
    if (correcting) correct.mutate({ administrationId: correcting.id, reason, replacement: content });
    else record.mutate({ admissionId, ...content });
  }

  const notGiven = status !== 'given';
  const canSave =
    Boolean(drug && route && dose && Number(dose) > 0) &&
    (!notGiven || holdReason.trim().length > 0) &&
    (!correcting || reason.trim().length >= 3) &&
    !stopped &&
    (!needsReason || overrideReason.trim().length >= 3) &&
    !mutation.isPending;

  return (
    <form className="medication-form" onSubmit={submit} aria-label={correcting ? `Correct administration ${correcting.id}` : 'Record a medication'}>
      <div className="form-grid">
        <label className={`field${errorFor('drug') ? ' has-error' : ''}`}>
          <span>Drug</span>
          <select name="drug" value={drug} onChange={(e) => chooseDrug(e.target.value as DrugId | '')} required>
            <option value="">Choose a drug…</option>
            {DRUGS.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} — {d.purpose}
              </option>
            ))}
          </select>
          {errorFor('drug') && <span className="field-error">{errorFor('drug')}</span>}
        </label>
        <label className={`field${errorFor('doseMg') ? ' has-error' : ''}`}>
          <span>Dose (mg)</span>
          <input name="doseMg" type="number" inputMode="decimal" step="any" min="0" value={dose} onChange={(e) => setDose(e.target.value)} required />
          {selected && (
            <fieldset className="quick-picks" aria-label="Common doses">
              {selected.typicalDosesMg.map((mg) => (
                <button key={mg} type="button" className={`chip${Number(dose) === mg ? ' selected' : ''}`} onClick={() => setDose(String(mg))}>
                  {mg} mg
                </button>
              ))}
            </fieldset>
          )}
          {errorFor('doseMg') && <span className="field-error">{errorFor('doseMg')}</span>}
        </label>
        <label className={`field${errorFor('route') ? ' has-error' : ''}`}>
          <span>Route</span>
          <select name="route" value={route} onChange={(e) => setRoute(e.target.value as Route)} required disabled={!selected}>
            {selected?.routes.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          {errorFor('route') && <span className="field-error">{errorFor('route')}</span>}
        </label>
        <label className={`field${errorFor('givenAt') ? ' has-error' : ''}`}>
          <span>Time ({zone})</span>
          <input type="datetime-local" name="givenAt" value={givenAt} onChange={(e) => setGivenAt(e.target.value)} required />
          {errorFor('givenAt') && <span className="field-error">{errorFor('givenAt')}</span>}
        </label>
      </div>

      <fieldset className="status-choice">
        <legend>Outcome</legend>
        <div className="segmented">
          {ADMINISTRATION_STATUSES.map((s) => (
            <label key={s} className={`segment${status === s ? ' selected' : ''}`}>
              <input type="radio" name="status" value={s} checked={status === s} onChange={() => setStatus(s)} />
              {STATUS_LABEL[s]}
            </label>
          ))}
        </div>
      </fieldset>
      {notGiven && (
        <label className={`field${errorFor('holdReason') ? ' has-error' : ''}`}>
          <span>Why was it {status}?</span>
          <input name="holdReason" value={holdReason} onChange={(e) => setHoldReason(e.target.value)} required maxLength={500} placeholder={status === 'held' ? 'e.g. BP 86/54, below hold parameter' : 'e.g. patient declined'} />
          {errorFor('holdReason') && <span className="field-error">{errorFor('holdReason')}</span>}
        </label>
      )}
      <label className="field">
        <span>Indication (optional)</span>
        <input name="indication" value={indication} onChange={(e) => setIndication(e.target.value)} maxLength={500} placeholder={selected?.purpose ?? ''} />
      </label>
      <SafetyWarnings warnings={warnings} checking={check.isFetching} />
      {needsReason && !stopped && (
        <label className={`field${errorFor('overrideReason') && !overrideReason ? ' has-error' : ''}`}>
          <span>Override reason: why give it outside the protocol?</span>
          <input name="overrideReason" value={overrideReason} onChange={(e) => setOverrideReason(e.target.value)} required minLength={3} maxLength={500} placeholder="e.g. discussed with Dr. Carter, ordered at 14:10" />
        </label>
      )}
      {correcting && (
        <label className={`field${errorFor('reason') ? ' has-error' : ''}`}>
          <span>Why is this record being corrected?</span>
          <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} maxLength={500} />
          {errorFor('reason') && <span className="field-error">{errorFor('reason')}</span>}
        </label>
      )}
      {errors.general && !refusedWith.length && (
        <p className="error" role="alert">
          {errors.general}
        </p>
      )}
      <div className="form-footer">
        <span className="muted small">Doses are in mg of the active drug.</span>
        <button type="button" className="button ghost" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={!canSave}>
          {mutation.isPending ? 'Saving…' : correcting ? 'Save correction' : 'Save administration'}
        </button>
      </div>
    </form>
  );
}
