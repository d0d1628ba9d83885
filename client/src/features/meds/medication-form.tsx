import '../orders/orders.css';
import {
  ADMINISTRATION_STATUSES,
  type AdministrationStatus,
  type AdministrationWarning,
  type CheckAdministrationInput,
  getDrug,
  hasHardStop,
  needsOverride,
} from '@detox/shared';
import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { Administration } from '../../lib/api-types.js';
import { fieldErrorsOf, serverErrorData } from '../../lib/server-errors.js';
import { ClinicalTimeInput } from '../../lib/clinical-time-input.js';
import { fromLocalInputValue, toLocalInputValue } from '../../lib/unit-time.js';
import { useTRPC } from '../../trpc.js';
import type { SaveResult } from '../offline/offline-save.js';
import type { CorrectDoseWrite, RecordDoseWrite } from '../offline/outbox-entry.js';
import { useOutboxSave } from '../offline/use-outbox-save.js';
import { OrderChoice } from '../orders/order-choice.js';
import { orderTerms, orderTitle } from '../orders/order-text.js';
import type { ChartingOrder, ChartStart } from '../orders/order-types.js';
import { DoseField } from './dose-field.js';
import type { SavedAdministration } from './medication-saved.js';
import { doseProblem, givenAtProblem, saveBlockers } from './save-blockers.js';
import { useDoseCheck } from './use-dose-check.js';

interface Props {
  admissionId: number;
  zone: string;
  /** Opened from a line of the medication record: the order and what the line said. */
  start?: ChartStart;
  correcting?: Administration;
  /** With what was saved, for the page to confirm in words and focus its row; nothing on Cancel. */
  onDone: (saved?: SavedAdministration) => void;
}

const STATUS_LABEL: Record<AdministrationStatus, string> = { given: 'Given', held: 'Held', refused: 'Refused' };
const FIELDS = ['orderId', 'doseMg', 'givenAt', 'status', 'holdReason', 'indication', 'reason', 'overrideReason'];

function warningsOfRefusal(error: unknown): readonly AdministrationWarning[] {
  return serverErrorData(error)?.warnings ?? [];
}

/**
 * A dose given, held or refused, always against its order (issue 9): opened from the medication
 * record it is filled in from the order, so the nurse types neither drug nor dose; opened without
 * one, the nurse first chooses the order (or gets one). Save says why it cannot save yet.
 */
export function MedicationForm({ admissionId, zone, start, correcting, onDone }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = useId();
  const me = useQuery(trpc.auth.me.queryOptions());
  // Only a correction needs the order list here: to show the order the corrected dose was charted against.
  const orders = useQuery(trpc.orders.list.queryOptions(correcting?.orderId ? { admissionId } : skipToken));
  const corrected = orders.data?.find((o) => o.id === correcting?.orderId);
  const [chosen, setChosen] = useState<ChartingOrder | null>(start?.order ?? null);
  const order: ChartingOrder | null =
    chosen ??
    (corrected
      ? {
          orderId: corrected.id,
          drug: corrected.drug,
          doseMg: corrected.doseMg,
          doseMaxMg: corrected.doseMaxMg,
          route: corrected.route,
          kind: corrected.kind,
        }
      : null);
  const [dose, setDose] = useState(correcting ? String(correcting.doseMg) : start ? String(start.order.doseMg) : '');
  const [givenAt, setGivenAt] = useState(() =>
    toLocalInputValue(correcting?.givenAt ?? new Date().toISOString(), zone),
  );
  // Until the nurse changes the time, the dose is charted at the moment the order was chosen, to the
  // second: the input shows whole minutes, and an order signed seconds ago must not look later than its dose.
  const [timeTouched, setTimeTouched] = useState(Boolean(correcting));
  const [checkedAt, setCheckedAt] = useState(() => new Date().toISOString());
  const [status, setStatus] = useState<AdministrationStatus>(correcting?.status ?? start?.status ?? 'given');
  const [holdReason, setHoldReason] = useState(correcting?.holdReason ?? start?.holdReason ?? '');
  const [indication, setIndication] = useState(correcting?.indication ?? start?.indication ?? '');
  const [reason, setReason] = useState('');
  const [overrideReason, setOverrideReason] = useState('');
  // A server refusal stays beside its field only until that field is changed.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  const doseInput = useRef<HTMLInputElement>(null);
  const edit = (path: string) => setEdited((prev) => (prev.has(path) ? prev : new Set(prev).add(path)));

  useEffect(() => {
    if (!chosen) return;
    setCheckedAt(new Date().toISOString());
    doseInput.current?.focus();
  }, [chosen]);

  // Save goes through the outbox (issue 13): with no connection the dose waits on the tablet.
  const save = useOutboxSave(admissionId);
  const record = useMutation({
    mutationKey: trpc.medications.record.mutationKey(),
    // Offline the save must still run, to queue the entry (react-query would otherwise pause it).
    networkMode: 'always',
    mutationFn: (input: RecordDoseWrite) => save({ procedure: 'medications.record', input }),
  });
  const correct = useMutation({
    mutationKey: trpc.medications.correct.mutationKey(),
    // Offline the save must still run, to queue the entry (react-query would otherwise pause it).
    networkMode: 'always',
    mutationFn: (input: CorrectDoseWrite) => save({ procedure: 'medications.correct', input }),
  });
  const mutation = correcting ? correct : record;
  const errors = fieldErrorsOf(mutation.error, (path) => FIELDS.includes(path.replace(/^replacement\./, '')));
  const errorFor = (path: string) =>
    edited.has(path) ? undefined : (errors.byPath[path] ?? errors.byPath[`replacement.${path}`]);

  const at = timeTouched ? fromLocalInputValue(givenAt, zone) : checkedAt;
  const timeProblem = givenAtProblem(givenAt, zone, Date.now());
  const notGiven = status !== 'given';
  const proposal: CheckAdministrationInput | null =
    order && at && !timeProblem && !doseProblem(dose) && (!notGiven || holdReason.trim())
      ? {
          admissionId,
          orderId: order.orderId,
          drug: order.drug,
          doseMg: Number(dose),
          route: order.route,
          givenAt: at,
          status,
          holdReason: notGiven ? holdReason.trim() : undefined,
        }
      : null;
  const check = useDoseCheck(proposal);
  const refusedWith = edited.size === 0 ? warningsOfRefusal(mutation.error) : [];
  const warnings = refusedWith.length ? refusedWith : check.warnings;
  const needsReason = needsOverride(warnings);
  const stopped = hasHardStop(warnings);
  const givenOfflineAnyway = check.offlineAsOf !== null && status === 'given' && stopped;
  const blockers = saveBlockers({
    hasOrder: order !== null,
    dose,
    timeProblem,
    status,
    holdReason,
    correcting: Boolean(correcting),
    correctionReason: reason,
    // Offline, a dose already given is a fact to chart: it goes flagged "given offline" and the physician
    // is alerted on arrival (issue 13), so the preview warns but does not block a given dose.
    hardStop: stopped && !givenOfflineAnyway,
    needsOverride: needsReason && !givenOfflineAnyway,
    overrideReason,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!order || !at || blockers.length > 0) return;
    setEdited(new Set());
    const content = {
      drug: order.drug,
      doseMg: Number(dose),
      route: order.route,
      givenAt: at,
      status,
      indication: indication.trim() || undefined,
      holdReason: notGiven ? holdReason.trim() || undefined : undefined,
      overrideReason: needsReason ? overrideReason.trim() || undefined : undefined,
    };
    const onSuccess = async ({ saved: data }: SaveResult) => {
      // Queued on the tablet: it shows as pending on the page until it is sent.
      if (!data) return onDone();
      await queryClient.invalidateQueries(trpc.medications.pathFilter());
      await queryClient.invalidateQueries(trpc.orders.pathFilter());
      onDone({
        id: data.id,
        drug: order.drug,
        doseMg: content.doseMg,
        route: order.route,
        status,
        holdReason: content.holdReason,
        givenAt: at,
        corrected: Boolean(correcting),
      });
    };
    if (correcting)
      correct.mutate(
        { administrationId: correcting.id, reason, replacement: { ...content, orderId: order.orderId } },
        { onSuccess },
      );
    else record.mutate({ admissionId, orderId: order.orderId, ...content }, { onSuccess });
  }

  const role = me.data?.role === 'physician' ? 'physician' : 'nurse';
  const blockersId = `${ids}-blockers`;
  return (
    <form
      className="medication-form"
      onSubmit={submit}
      aria-label={correcting ? `Correct administration ${correcting.id}` : 'Record a medication'}
    >
      {order ? (
        <div className="charting-order">
          <div>
            <span className="muted small">Charting against order #{order.orderId}</span>
            <p className="charting-order-title">
              <strong>{orderTitle(order)}</strong>
            </p>
            <p className="small muted">
              Route {order.route}, as ordered
              {order.doseMaxMg !== null ? `; any dose from ${order.doseMg} to ${order.doseMaxMg} mg` : ''}
            </p>
          </div>
          {!start && !correcting && (
            <button type="button" className="button small ghost" onClick={() => setChosen(null)}>
              Choose another order
            </button>
          )}
        </div>
      ) : correcting?.orderId && !orders.data ? (
        <p className="muted">Loading the order…</p>
      ) : (
        <OrderChoice
          admissionId={admissionId}
          role={role}
          onChoose={(picked) => {
            setChosen(picked);
            setDose(String(picked.doseMg));
          }}
        />
      )}
      {errorFor('orderId') && (
        <p className="field-error" role="alert">
          {errorFor('orderId')}
        </p>
      )}

      {order && (
        <>
          <DoseField
            ref={doseInput}
            order={order}
            dose={dose}
            onDose={(value) => {
              setDose(value);
              edit('doseMg');
            }}
            serverError={stopped ? undefined : errorFor('doseMg')}
            warnings={warnings}
            checking={check.checking}
            checkProblem={check.problem}
          />
          {check.offlineAsOf !== null && (
            <p className="hint" data-testid="offline-dose-check">
              Offline: checked on this tablet with the unit's rules, on the record as of{' '}
              {DateTime.fromMillis(check.offlineAsOf, { zone }).toFormat('HH:mm')}; the server checks it again when it
              arrives.
              {givenOfflineAnyway &&
                ' If it was given, save it: it is sent marked "given offline" and the physician is alerted.'}
            </p>
          )}

          <ClinicalTimeInput
            name="givenAt"
            label={`Time given (${zone})`}
            zone={zone}
            value={givenAt}
            onChange={(value) => {
              setGivenAt(value);
              setTimeTouched(true);
              edit('givenAt');
            }}
            error={timeProblem ?? errorFor('givenAt')}
            keep={correcting?.givenAt}
          />

          <fieldset className="status-choice">
            <legend>Outcome</legend>
            <div className="segmented">
              {ADMINISTRATION_STATUSES.map((s) => (
                <label key={s} className={`segment${status === s ? ' selected' : ''}`}>
                  <input
                    type="radio"
                    name={`${ids}-status`}
                    value={s}
                    checked={status === s}
                    onChange={() => setStatus(s)}
                  />
                  {STATUS_LABEL[s]}
                </label>
              ))}
            </div>
          </fieldset>
          {notGiven && (
            <label className={`field${errorFor('holdReason') ? ' has-error' : ''}`}>
              <span>Why was it {status}?</span>
              <input
                name="holdReason"
                value={holdReason}
                onChange={(e) => {
                  setHoldReason(e.target.value);
                  edit('holdReason');
                }}
                maxLength={500}
                placeholder={status === 'held' ? 'e.g. BP 86/54, below hold parameter' : 'e.g. patient declined'}
              />
              {errorFor('holdReason') && <span className="field-error">{errorFor('holdReason')}</span>}
            </label>
          )}
          <label className="field">
            <span>Indication (optional)</span>
            <input
              name="indication"
              value={indication}
              onChange={(e) => setIndication(e.target.value)}
              maxLength={500}
              placeholder={orderTerms(order)[0] ?? getDrug(order.drug).purpose}
            />
          </label>
          {needsReason && !stopped && (
            <label className={`field${errorFor('overrideReason') && !overrideReason ? ' has-error' : ''}`}>
              <span>Override reason: why give it outside the protocol?</span>
              <input
                name="overrideReason"
                value={overrideReason}
                onChange={(e) => setOverrideReason(e.target.value)}
                minLength={3}
                maxLength={500}
                placeholder="e.g. discussed with Dr. Carter, ordered at 14:10"
              />
            </label>
          )}
        </>
      )}
      {correcting && (
        <label className={`field${errorFor('reason') ? ' has-error' : ''}`}>
          <span>Why is this record being corrected?</span>
          <input
            name="reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            minLength={3}
            maxLength={500}
          />
          {errorFor('reason') && <span className="field-error">{errorFor('reason')}</span>}
        </label>
      )}
      {errors.general && !refusedWith.length && edited.size === 0 && (
        <p className="error" role="alert">
          {errors.general}
        </p>
      )}
      <div className="form-footer">
        <p id={blockersId} className="save-blockers" aria-live="polite">
          {blockers.length > 0 ? (
            `To save: ${blockers.join('; ')}.`
          ) : (
            <span className="muted small">Doses are in mg of the active drug.</span>
          )}
        </p>
        <button type="button" className="button ghost" onClick={() => onDone()}>
          Cancel
        </button>
        <button
          type="submit"
          className="button primary"
          disabled={blockers.length > 0 || mutation.isPending}
          aria-describedby={blockersId}
        >
          {mutation.isPending ? 'Saving…' : correcting ? 'Save correction' : 'Save administration'}
        </button>
      </div>
    </form>
  );
}
