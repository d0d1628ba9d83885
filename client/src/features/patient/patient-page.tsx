import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import type { Administration, Assessment } from '../../lib/api-types.js';
import type { SavedAssessment } from '../assess/save-confirmation.js';
import { navigate, useTitle } from '../../router.js';
import { useTRPC } from '../../trpc.js';
import { AssessmentForm } from '../assess/assessment-form.js';
import { AssessmentList } from '../assess/assessment-list.js';
import { AdministrationList } from '../meds/administration-list.js';
import { MedicationForm } from '../meds/medication-form.js';
import { type SavedAdministration, medicationSaved } from '../meds/medication-saved.js';
import { MedicationRecord } from '../orders/medication-record.js';
import { AsOf } from '../offline/as-of.js';
import { PendingEntries } from '../offline/pending-entries.js';
import { useKeepForOffline } from '../offline/use-keep-for-offline.js';
import { OrdersPanel } from '../orders/orders-panel.js';
import { TaperPlanForm } from '../taper/taper-plan-form.js';
import { useUnitEvents } from '../live/use-unit-events.js';
import { useUnitById } from '../unit/use-unit.js';
import { AdmissionHeader } from './admission-header.js';
import { AlertsPanel } from './alerts-panel.js';
import { NextAssessmentDue } from './next-assessment-due.js';
import { ChartBoundary } from './chart-boundary.js';
import { SaveConfirmation, useSaveConfirmation } from './use-save-confirmation.js';
import { EmergencyAccessForm } from './emergency-access-form.js';

// Recharts is most of the client's weight: the chart loads after the page, so the board stays light.
const PatientChart = lazy(() => import('../patient-chart/patient-chart.js'));

type Panel =
  | { kind: 'none' }
  | { kind: 'assess' }
  | { kind: 'medicate' }
  | { kind: 'taper' }
  | { kind: 'correct-assessment'; assessment: Assessment }
  | { kind: 'correct-administration'; administration: Administration };

export function PatientPage({ admissionId }: { admissionId: number }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const admission = useQuery(trpc.admissions.get.queryOptions({ admissionId }));
  const assessments = useQuery(trpc.assessments.list.queryOptions({ admissionId }));
  const administrations = useQuery(trpc.medications.list.queryOptions({ admissionId }));
  const instruments = useQuery(trpc.instruments.list.queryOptions(undefined, { staleTime: Number.POSITIVE_INFINITY }));
  const unit = useUnitById(admission.data?.unitId);
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  // From the admission's asOf: the page's first reads go out with it, so what is charted while the
  // stream connects is sent on it (use-unit-events.ts).
  useUnitEvents(admission.data?.unitId, admission.data?.asOf);
  useKeepForOffline(admission.data?.unitId);
  const confirmation = useSaveConfirmation(unit?.id, admissionId, unit?.timeZone ?? 'UTC');
  const doseConfirmation = useSaveConfirmation(unit?.id, admissionId, unit?.timeZone ?? 'UTC');
  useTitle(admission.data ? `${admission.data.patient.name}, bed ${admission.data.bed}` : 'Patient');

  if (admission.error) {
    return (
      <div className="card">
        <p className="error">{admission.error.message}</p>
        {admission.error.data?.code === 'FORBIDDEN' && <EmergencyAccessForm admissionId={admissionId} />}
        <button type="button" className="button" onClick={() => navigate('/')}>
          Back to the unit
        </button>
      </div>
    );
  }
  if (!admission.data || !unit) return <p className="page-status">Loading the patient…</p>;

  const zone = unit.timeZone;
  const open = admission.data.dischargedAt === null;
  const canChart = open && (me.data?.role === 'nurse' || me.data?.role === 'physician');
  const close = () => setPanel({ kind: 'none' });
  const closeSaved = (saved?: SavedAssessment) => {
    close();
    if (saved) void confirmation.confirm(saved);
  };
  // A dose saved: said in words beside the administrations, focus on its new row (issue 15, item 5).
  const closeCharted = (saved?: SavedAdministration) => {
    close();
    if (saved)
      doseConfirmation.announce(medicationSaved(saved, zone, Date.now()), `[data-testid="administration-${saved.id}"]`);
  };
  const openPanel = (next: Panel) => {
    confirmation.clear();
    setPanel(next);
  };

  return (
    <div className="patient-page">
      <p>
        <a
          href="/"
          onClick={(e) => {
            e.preventDefault();
            navigate('/');
          }}
        >
          ← {unit.name}
        </a>
      </p>
      <AdmissionHeader admission={admission.data} zone={zone} />
      <AsOf
        updatedAt={Math.min(admission.dataUpdatedAt, assessments.dataUpdatedAt, administrations.dataUpdatedAt)}
        zone={zone}
      />
      <AlertsPanel admissionId={admissionId} zone={zone} canAcknowledge={me.data?.role === 'physician'} />
      {open && <NextAssessmentDue unitId={unit.id} admissionId={admissionId} zone={zone} />}

      {canChart && panel.kind === 'none' && (
        <div className="actions-bar">
          <button type="button" className="button primary big" onClick={() => openPanel({ kind: 'assess' })}>
            Chart assessment
          </button>
          <button type="button" className="button big" onClick={() => setPanel({ kind: 'medicate' })}>
            Record medication
          </button>
          {me.data?.role === 'physician' && (
            <button type="button" className="button big" onClick={() => setPanel({ kind: 'taper' })}>
              Taper plan
            </button>
          )}
        </div>
      )}
      {!open && <p className="notice">This admission is closed; its record is read-only.</p>}

      {panel.kind === 'assess' && (
        <section className="card" aria-labelledby="assess-title">
          <h2 id="assess-title">Chart assessment</h2>
          <AssessmentForm
            admissionId={admissionId}
            zone={zone}
            temperatureScale={unit.temperatureUnit}
            onDone={closeSaved}
          />
        </section>
      )}
      {panel.kind === 'correct-assessment' && (
        <section className="card" aria-labelledby="assess-title">
          <h2 id="assess-title">Correct assessment #{panel.assessment.id}</h2>
          <p className="muted">The original stays in the record, marked superseded by this correction.</p>
          <AssessmentForm
            admissionId={admissionId}
            zone={zone}
            correcting={panel.assessment}
            temperatureScale={unit.temperatureUnit}
            onDone={closeSaved}
          />
        </section>
      )}
      {panel.kind === 'medicate' && (
        <section className="card" aria-labelledby="meds-title">
          <h2 id="meds-title">Record medication</h2>
          <MedicationForm admissionId={admissionId} zone={zone} onDone={closeCharted} />
        </section>
      )}
      {panel.kind === 'taper' && (
        <section className="card" aria-labelledby="taper-title">
          <h2 id="taper-title">Taper plan</h2>
          <p className="muted">
            Planned total milligrams for each calendar day from the day the plan starts (today or later). Days are named
            by day of stay: stay day 1 is the day of admission. Saving keeps the earlier plan in the record.
          </p>
          <TaperPlanForm admissionId={admissionId} onDone={close} />
        </section>
      )}
      {panel.kind === 'correct-administration' && (
        <section className="card" aria-labelledby="meds-title">
          <h2 id="meds-title">Correct administration #{panel.administration.id}</h2>
          <MedicationForm
            admissionId={admissionId}
            zone={zone}
            correcting={panel.administration}
            onDone={closeCharted}
          />
        </section>
      )}

      {/* Saved on this tablet but not in the record yet (issue 13): set apart from the saved rows. */}
      <PendingEntries admissionId={admissionId} zone={zone} />
      <MedicationRecord admissionId={admissionId} zone={zone} canChart={canChart} />
      {me.data && <OrdersPanel admissionId={admissionId} unitId={unit.id} zone={zone} me={me.data} open={open} />}

      <ChartBoundary>
        <Suspense fallback={<p className="page-status">Loading the chart…</p>}>
          <PatientChart admissionId={admissionId} temperatureScale={unit.temperatureUnit} />
        </Suspense>
      </ChartBoundary>

      <div className="records-grid">
        <section className="card" aria-labelledby="assessments-title">
          <h2 id="assessments-title">Assessments</h2>
          <SaveConfirmation message={confirmation.message} />
          {assessments.error && <p className="error">{assessments.error.message}</p>}
          {assessments.data && (
            <AssessmentList
              assessments={assessments.data}
              instruments={instruments.data ?? []}
              zone={zone}
              canChart={canChart}
              onCorrect={(assessment) => openPanel({ kind: 'correct-assessment', assessment })}
              temperatureScale={unit.temperatureUnit}
            />
          )}
        </section>
        <section className="card" aria-labelledby="administrations-title">
          <h2 id="administrations-title">Medication administrations</h2>
          <SaveConfirmation message={doseConfirmation.message} />
          {administrations.error && <p className="error">{administrations.error.message}</p>}
          {administrations.data && (
            <AdministrationList
              administrations={administrations.data}
              zone={zone}
              canChart={canChart}
              onCorrect={(administration) => setPanel({ kind: 'correct-administration', administration })}
            />
          )}
        </section>
      </div>
    </div>
  );
}
