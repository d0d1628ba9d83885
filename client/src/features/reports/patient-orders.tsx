import { formatUnitTime } from '../../lib/unit-time.js';
import type { ReportPatient, ShiftReportData } from './report-types.js';

type Orders = ReportPatient['orders'];
type PrnUse = Orders['prnUse'][number];

function prnUseLine(u: PrnUse): string {
  const counts = [
    `${u.given} given${u.given ? ` (${u.givenMgInShift} mg)` : ''}`,
    ...(u.held ? [`${u.held} held`] : []),
    ...(u.refused ? [`${u.refused} refused`] : []),
  ].join(', ');
  const total = u.maxPer24hMg
    ? `${u.givenMg24h} of ${u.maxPer24hMg} mg in 24 h (${u.percentOfMax} %)`
    : `${u.givenMg24h} mg in 24 h`;
  return `${counts}; ${total}`;
}

/** One bed's orders in the handover: active orders with their terms, doses due next shift, PRN use this shift. */
export function PatientOrders({ orders, zone, bed }: { orders: Orders; zone: string; bed: string }) {
  return (
    <section className="report-orders" aria-label={`Orders, bed ${bed}`}>
      <h3>Orders</h3>
      {orders.active.length === 0 ? (
        <p className="muted small">No active order.</p>
      ) : (
        <ul className="small order-lines">
          {orders.active.map((o) => (
            <li key={o.id} className={o.awaitingCountersign ? 'awaiting-countersign' : undefined}>
              <strong>{o.title}</strong>
              {[o.schedule, o.prnCriteria, ...o.limits].filter(Boolean).map((t) => ` · ${t}`)}
              <span className="muted">
                {' '}
                — {o.orderedBy}
                {o.channel !== 'written' && ` (${o.channel}, entered by ${o.enteredBy})`}
              </span>
              {o.awaitingCountersign && <strong> · awaiting countersignature</strong>}
            </li>
          ))}
        </ul>
      )}
      <p className="small">
        <strong>Due next shift: </strong>
        {orders.dueNext.length
          ? orders.dueNext.map((d) => `${formatUnitTime(d.dueAt, zone)} ${d.title}`).join('; ')
          : 'no scheduled dose'}
      </p>
      {orders.prnUse.length > 0 && (
        <ul className="small prn-use" aria-label={`PRN use this shift, bed ${bed}`}>
          {orders.prnUse.map((u) => (
            <li key={u.orderId}>
              {u.title}: {prnUseLine(u)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The unit's verbal and telephone orders not yet countersigned, for the physician at handover. */
export function CountersignList({ report }: { report: ShiftReportData }) {
  const waiting = report.ordersAwaitingCountersign;
  return (
    <section className="card small report-countersign" aria-labelledby="report-countersign-title">
      <h2 id="report-countersign-title">Orders waiting for a countersignature</h2>
      {waiting.length === 0 ? (
        <p className="muted">None: every verbal and telephone order is countersigned.</p>
      ) : (
        <ul>
          {waiting.map((o) => (
            <li key={o.id}>
              Bed {o.bed} {o.patientName}: <strong>{o.title}</strong>, {o.channel} order from {o.orderedBy}, entered by{' '}
              {o.enteredBy} at {formatUnitTime(o.recordedAt, report.unit.timeZone)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
