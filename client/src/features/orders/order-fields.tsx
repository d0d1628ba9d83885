import {
  DRUGS,
  type DrugId,
  INSTRUMENT_IDS,
  type InstrumentId,
  ORDER_KINDS,
  type OrderKind,
  type Route,
  getDrug,
} from '@detox/shared';
import type { ReactNode } from 'react';
import type { OrderDraft } from './order-draft.js';

interface Props {
  draft: OrderDraft;
  onChange: (next: OrderDraft) => void;
  errors: Record<string, string>;
  /** Unique per form on the page, so labels and hints point at their own fields. */
  idPrefix: string;
}

const KIND_LABEL: Record<OrderKind, string> = { prn: 'PRN (as needed)', scheduled: 'Scheduled', once: 'Once' };

/** The content of one medication order: drug, dose, route, kind and its schedule or trigger, limits, holds. */
export function OrderFields({ draft, onChange, errors, idPrefix }: Props) {
  const set = <K extends keyof OrderDraft>(key: K, value: OrderDraft[K]) => onChange({ ...draft, [key]: value });
  const drug = draft.drug ? getDrug(draft.drug) : undefined;
  const chooseDrug = (id: DrugId | '') =>
    onChange({ ...draft, drug: id, route: id ? getDrug(id).defaultRoute : '', dose: '', doseMax: '' });
  const field = (key: string, label: string, control: ReactNode, hint?: string) => (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is passed in and rendered inside the label
    <label className={`field${errors[key] ? ' has-error' : ''}`}>
      <span>{label}</span>
      {control}
      {hint && <span className="muted small">{hint}</span>}
      {errors[key] && <span className="field-error">{errors[key]}</span>}
    </label>
  );
  const number = (key: keyof OrderDraft, name: string, step = 'any') => (
    <input
      name={name}
      type="number"
      inputMode="decimal"
      step={step}
      min="0"
      value={draft[key]}
      onChange={(e) => set(key, e.target.value)}
    />
  );

  return (
    <>
      <div className="form-grid">
        {field(
          'drug',
          'Drug',
          <select name="drug" value={draft.drug} onChange={(e) => chooseDrug(e.target.value as DrugId | '')}>
            <option value="">Choose a drug…</option>
            {DRUGS.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>,
          drug?.purpose,
        )}
        {field(
          'route',
          'Route',
          <select
            name="route"
            value={draft.route}
            onChange={(e) => set('route', e.target.value as Route)}
            disabled={!drug}
          >
            {!drug && <option value="">–</option>}
            {drug?.routes.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>,
        )}
      </div>
      <fieldset className="status-choice">
        <legend>Kind of order</legend>
        <div className="segmented">
          {ORDER_KINDS.map((k) => (
            <label key={k} className={`segment${draft.kind === k ? ' selected' : ''}`}>
              <input
                type="radio"
                name={`${idPrefix}-kind`}
                value={k}
                checked={draft.kind === k}
                onChange={() => set('kind', k)}
              />
              {KIND_LABEL[k]}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="form-grid">
        {field(
          'doseMg',
          draft.kind === 'prn' ? 'Dose (mg), or the low end of a range' : 'Dose (mg)',
          number('dose', 'doseMg'),
        )}
        {draft.kind === 'prn' &&
          field(
            'doseMaxMg',
            'Top of the range (mg, optional)',
            number('doseMax', 'doseMaxMg'),
            'e.g. loperamide 2–4 mg: dose 2, top 4',
          )}
        {draft.kind === 'scheduled' &&
          field('everyHours', 'Every (hours)', number('everyHours', 'everyHours'), 'or times of day, not both')}
        {draft.kind === 'scheduled' &&
          field(
            'timesOfDay',
            'At times of day',
            <input
              name="timesOfDay"
              value={draft.timesOfDay}
              onChange={(e) => set('timesOfDay', e.target.value)}
              placeholder="08:00, 20:00"
            />,
            'in the unit’s time zone',
          )}
      </div>
      {drug && (
        <fieldset className="quick-picks" aria-label="Usual doses">
          {drug.typicalDosesMg.map((mg) => (
            <button
              key={mg}
              type="button"
              className={`chip${Number(draft.dose) === mg ? ' selected' : ''}`}
              onClick={() => set('dose', String(mg))}
            >
              {mg} mg
            </button>
          ))}
        </fieldset>
      )}
      {field(
        'indication',
        draft.kind === 'prn' ? 'Indication (what it is for)' : 'Indication (optional)',
        <input
          name="indication"
          value={draft.indication}
          onChange={(e) => set('indication', e.target.value)}
          maxLength={500}
        />,
      )}
      {draft.kind === 'prn' && (
        <div className="form-grid">
          {field(
            'trigger.instrument',
            'Give when the score (optional)',
            <select
              name="triggerInstrument"
              value={draft.triggerInstrument}
              onChange={(e) => set('triggerInstrument', e.target.value as InstrumentId | '')}
            >
              <option value="">No score trigger</option>
              {INSTRUMENT_IDS.map((i) => (
                <option key={i} value={i}>
                  {i}
                </option>
              ))}
            </select>,
          )}
          {draft.triggerInstrument &&
            field(
              'trigger.minTotal',
              `is at least (${draft.triggerInstrument} total)`,
              number('triggerMin', 'triggerMinTotal', '1'),
            )}
        </div>
      )}
      <div className="form-grid">
        {field('minIntervalMinutes', 'At most every (hours, optional)', number('minIntervalHours', 'minIntervalHours'))}
        {field('maxPer24hMg', 'Maximum in 24 h (mg, optional)', number('maxPer24h', 'maxPer24hMg'))}
      </div>
      <fieldset className="order-hold">
        <legend>Hold parameters (blank: the unit protocol’s)</legend>
        <div className="form-grid">
          {field('hold.systolicBelowMmHg', 'Hold if systolic below (mmHg)', number('holdSbp', 'holdSystolic', '1'))}
          {field('hold.diastolicBelowMmHg', 'Hold if diastolic below (mmHg)', number('holdDbp', 'holdDiastolic', '1'))}
          {field('hold.heartRateBelowBpm', 'Hold if heart rate below (bpm)', number('holdHr', 'holdHeartRate', '1'))}
        </div>
      </fieldset>
      {field(
        'note',
        'Note (optional)',
        <input name="note" value={draft.note} onChange={(e) => set('note', e.target.value)} maxLength={1000} />,
      )}
    </>
  );
}
