import { useQuery } from '@tanstack/react-query';
import { navigate, useTitle } from '../../router.js';
import { useTRPC } from '../../trpc.js';
import { formatHours, formatUnitTime, hoursSince } from '../../lib/unit-time.js';
import { useCurrentUnit } from './use-unit.js';

export function UnitPage() {
  const trpc = useTRPC();
  const { unit, isPending, error } = useCurrentUnit();
  useTitle(unit?.name ?? 'Unit');
  const admissions = useQuery({ ...trpc.admissions.list.queryOptions({ unitId: unit?.id ?? 0 }), enabled: Boolean(unit) });

  if (isPending) return <p className="page-status">Loading the unit…</p>;
  if (error) return <p className="error">{error.message}</p>;
  if (!unit) return <p className="page-status">No unit is set up yet. An admin adds one with the add-user command and the unit setup.</p>;

  const occupied = admissions.data ?? [];
  return (
    <section aria-labelledby="unit-title">
      <div className="page-head">
        <h1 id="unit-title">{unit.name}</h1>
        <p className="muted">
          {occupied.length} of {unit.beds.length} beds occupied · times in {unit.timeZone}
        </p>
      </div>
      {admissions.isPending && <p className="page-status">Loading patients…</p>}
      {admissions.error && <p className="error">{admissions.error.message}</p>}
      {admissions.data && (
        <table className="table patients-table">
          <caption className="visually-hidden">Patients on {unit.name} by bed</caption>
          <thead>
            <tr>
              <th scope="col">Bed</th>
              <th scope="col">Patient</th>
              <th scope="col">Substance</th>
              <th scope="col">Since last use</th>
              <th scope="col">Admitted</th>
            </tr>
          </thead>
          <tbody>
            {occupied.map((a) => (
              <tr
                key={a.id}
                className="row-link"
                onClick={() => navigate(`/admissions/${a.id}`)}
              >
                <td className="bed">{a.bed}</td>
                <td>
                  <a
                    href={`/admissions/${a.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(`/admissions/${a.id}`);
                    }}
                  >
                    {a.patient.name}
                  </a>
                  <div className="muted small">MRN {a.patient.mrn}</div>
                </td>
                <td>
                  {a.substance}
                  <div className="muted small">{a.opioidKind === 'short' ? 'Short-acting' : 'Long-acting'}</div>
                </td>
                <td>{formatHours(hoursSince(a.lastUseAt))}</td>
                <td>{formatUnitTime(a.admittedAt, unit.timeZone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
