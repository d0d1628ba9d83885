import './orders.css';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { formatUnitTime } from '../../lib/unit-time.js';
import { useTRPC } from '../../trpc.js';
import { MedicationForm } from '../meds/medication-form.js';
import { medicationSaved } from '../meds/medication-saved.js';
import { SaveConfirmation, useSaveConfirmation } from '../patient/use-save-confirmation.js';
import { DueLine, EligibleLineItem, NotEligibleLineItem } from './mar-lines.js';
import { orderTitle } from './order-text.js';
import type { ChartStart } from './order-types.js';

interface Props {
  admissionId: number;
  zone: string;
  canChart: boolean;
}

/**
 * The nurse's medication record (MAR) for one patient, driven by the orders: scheduled doses due and
 * overdue, the PRNs the patient may have now and why, those not yet and why, what comes next. The
 * server judges eligibility (shared/src/orders); this page refetches on the unit's live events and
 * every minute, because an interval can elapse with nothing charted.
 */
export function MedicationRecord({ admissionId, zone, canChart }: Props) {
  const trpc = useTRPC();
  const due = useQuery({ ...trpc.orders.due.queryOptions({ admissionId }), refetchInterval: 60_000 });
  const [charting, setCharting] = useState<ChartStart | null>(null);
  const confirmation = useSaveConfirmation(undefined, admissionId, zone);
  const formRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (charting) formRef.current?.scrollIntoView({ block: 'nearest' });
  }, [charting]);

  const data = due.data;
  const overdue = data?.due.filter((d) => d.state === 'overdue').length ?? 0;
  const chart = (start: ChartStart) => {
    confirmation.clear();
    setCharting(start);
  };
  return (
    <section className="card mar" aria-labelledby="mar-title" data-testid="medication-record">
      <div className="mar-head">
        <h2 id="mar-title">Medication record</h2>
        {data && (
          <p className="muted small mar-summary">
            {data.due.length} due{overdue > 0 ? ` (${overdue} overdue)` : ''} · {data.eligible.length} PRN eligible now
            · as of {formatUnitTime(data.at, zone).slice(-5)}
          </p>
        )}
      </div>
      <SaveConfirmation message={confirmation.message} />
      {charting && (
        <div ref={formRef} className="mar-charting">
          <h3>Chart a dose</h3>
          <MedicationForm
            key={`${charting.order.orderId}-${charting.status ?? 'given'}`}
            admissionId={admissionId}
            zone={zone}
            start={charting}
            onDone={(saved) => {
              setCharting(null);
              // Said in words, and focus on the new row of the administrations list (issue 15, item 5).
              if (saved)
                confirmation.announce(
                  medicationSaved(saved, zone, Date.now()),
                  `[data-testid="administration-${saved.id}"]`,
                );
            }}
          />
        </div>
      )}
      {due.error && <p className="error">{due.error.message}</p>}
      {data && !charting && (
        <div className="mar-sections">
          <MarList title="Due now" empty="No scheduled dose is due.">
            {data.due.map((line) => (
              <DueLine key={`${line.orderId}-${line.dueAt}`} line={line} canChart={canChart} onChart={chart} />
            ))}
          </MarList>
          <MarList title="PRN eligible now" empty="No PRN may be given now.">
            {data.eligible.map((line) => (
              <EligibleLineItem key={line.orderId} line={line} canChart={canChart} onChart={chart} />
            ))}
          </MarList>
          <MarList title="PRN not eligible now" empty="None.">
            {data.notEligible.map((line) => (
              <NotEligibleLineItem key={line.orderId} line={line} zone={zone} />
            ))}
          </MarList>
          {data.upcoming.length > 0 && (
            <p className="small muted mar-upcoming">
              Next scheduled:{' '}
              {data.upcoming.map((u) => `${orderTitle(u)}, ${formatUnitTime(u.dueAt, zone)}`).join(' · ')}
            </p>
          )}
          {data.due.length + data.eligible.length + data.notEligible.length + data.upcoming.length === 0 && (
            <p className="notice">
              No active medication order. A dose is only given against an order: the physician writes one (or applies
              the unit’s order set) in Orders below; a nurse can enter a physician’s verbal order there.
            </p>
          )}
        </div>
      )}
    </section>
  );
}

function MarList({ title, empty, children }: { title: string; empty: string; children: ReactNode[] }) {
  return (
    <div className="mar-section">
      <h3>{title}</h3>
      {children.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <ul className="mar-list" aria-label={title}>
          {children}
        </ul>
      )}
    </div>
  );
}
