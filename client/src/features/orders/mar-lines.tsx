import { formatUnitTime } from '../../lib/unit-time.js';
import { orderTitle } from './order-text.js';
import type { ChartStart, DueDoseLine, EligibleLine, NotEligibleLine } from './order-types.js';

/** The lines of the medication record: each due or eligible line is one tap from a filled-in form. */

function orderOf(line: DueDoseLine | EligibleLine) {
  return {
    orderId: line.orderId,
    drug: line.drug,
    doseMg: line.doseMg,
    doseMaxMg: line.doseMaxMg,
    route: line.route,
    kind: line.kind,
  };
}

export function DueLine({
  line,
  canChart,
  onChart,
}: {
  line: DueDoseLine;
  canChart: boolean;
  onChart: (start: ChartStart) => void;
}) {
  const body = (
    <>
      <span className="mar-line-title">{orderTitle(line)}</span>
      <span className={`mar-badge mar-${line.state}`}>{line.state === 'overdue' ? 'Overdue' : 'Due'}</span>
      <span className="mar-why">{line.why}</span>
      {line.holds.map((h) => (
        <span key={h} className="mar-hold">
          {h}
        </span>
      ))}
    </>
  );
  return (
    <li className={`mar-line mar-line-${line.state}`} data-order-id={line.orderId}>
      {canChart ? (
        <>
          <button type="button" className="mar-line-main" onClick={() => onChart({ order: orderOf(line) })}>
            {body}
            <span className="mar-action" aria-hidden="true">
              Chart ›
            </span>
          </button>
          <button
            type="button"
            className="button small ghost mar-side"
            onClick={() => onChart({ order: orderOf(line), status: 'held', holdReason: line.holds.join('; ') })}
            aria-label={`Held or refused: ${orderTitle(line)}`}
          >
            Held / refused
          </button>
        </>
      ) : (
        <div className="mar-line-main">{body}</div>
      )}
    </li>
  );
}

export function EligibleLineItem({
  line,
  canChart,
  onChart,
}: {
  line: EligibleLine;
  canChart: boolean;
  onChart: (start: ChartStart) => void;
}) {
  const body = (
    <>
      <span className="mar-line-title">{orderTitle(line)}</span>
      <span className="mar-badge mar-eligible">Eligible now</span>
      <span className="mar-why">{line.why}</span>
    </>
  );
  // The first clause says why it may be given ("COWS 14 ≥ 8 at 10:05"): the dose's indication.
  const indication = line.why.split(';')[0]?.trim();
  return (
    <li className="mar-line mar-line-eligible" data-order-id={line.orderId}>
      {canChart ? (
        <button type="button" className="mar-line-main" onClick={() => onChart({ order: orderOf(line), indication })}>
          {body}
          <span className="mar-action" aria-hidden="true">
            Chart ›
          </span>
        </button>
      ) : (
        <div className="mar-line-main">{body}</div>
      )}
    </li>
  );
}

export function NotEligibleLineItem({ line, zone }: { line: NotEligibleLine; zone: string }) {
  return (
    <li className="mar-line mar-line-not-eligible" data-order-id={line.orderId}>
      <div className="mar-line-main">
        <span className="mar-line-title">{orderTitle(line)}</span>
        <span className="mar-badge mar-not-eligible">
          {line.nextAllowedAt ? `From ${formatUnitTime(line.nextAllowedAt, zone).slice(-5)}` : 'Not now'}
        </span>
        {line.reasons.map((r) => (
          <span key={r} className="mar-why">
            {r}
          </span>
        ))}
      </div>
    </li>
  );
}
