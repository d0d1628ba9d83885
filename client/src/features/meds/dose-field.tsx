import type { AdministrationWarning } from '@detox/shared';
import { type Ref, useId } from 'react';
import { dosesWithinOrder } from '../orders/order-text.js';
import type { ChartingOrder } from '../orders/order-types.js';
import { SafetyWarnings } from './safety-warnings.js';
import { doseProblem } from './save-blockers.js';

interface Props {
  ref: Ref<HTMLInputElement>;
  order: ChartingOrder;
  dose: string;
  onDose: (value: string) => void;
  serverError: string | undefined;
  warnings: readonly AdministrationWarning[];
  checking: boolean;
  checkProblem: string | null;
}

/**
 * The dose, filled in from the order with its ordered doses one tap away, and right beneath it what
 * the protocol check says about it: a hard stop is read where the dose is, not further down the form.
 */
export function DoseField({ ref, order, dose, onDose, serverError, warnings, checking, checkProblem }: Props) {
  const id = useId();
  const problem = doseProblem(dose) ?? serverError;
  return (
    <div className={`field dose-field${problem ? ' has-error' : ''}`}>
      <label htmlFor={`${id}-dose`}>Dose (mg)</label>
      <div className="dose-row">
        <input
          id={`${id}-dose`}
          ref={ref}
          name="doseMg"
          type="number"
          inputMode="decimal"
          step="any"
          min="0"
          value={dose}
          onChange={(e) => onDose(e.target.value)}
          aria-describedby={`${id}-dose-help`}
        />
        <fieldset className="quick-picks" aria-label="Ordered doses">
          {dosesWithinOrder(order).map((mg) => (
            <button
              key={mg}
              type="button"
              className={`chip${Number(dose) === mg ? ' selected' : ''}`}
              onClick={() => onDose(String(mg))}
            >
              {mg} mg
            </button>
          ))}
        </fieldset>
      </div>
      <span id={`${id}-dose-help`} className="field-error">
        {problem ?? ''}
      </span>
      <SafetyWarnings warnings={warnings} checking={checking} />
      {checkProblem && <p className="field-error">{checkProblem}</p>}
    </div>
  );
}
