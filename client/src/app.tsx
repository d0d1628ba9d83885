import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { LockScreen } from './features/auth/lock-screen.js';
import { LoginPage } from './features/auth/login-page.js';
import { lockSession, unlockSession, useSessionLocked } from './features/auth/session-lock.js';
import { useIdleTimer } from './features/auth/use-idle-timer.js';
import { TopBar } from './features/auth/top-bar.js';
import { PatientPage } from './features/patient/patient-page.js';
import { ProtocolPage } from './features/protocol/protocol-page.js';
import { TemperatureUnitSetting } from './features/unit/temperature-unit-setting.js';
import { ReportsPage } from './features/reports/reports-page.js';
import { AuditPage } from './features/audit/audit-page.js';
import { UsersPage } from './features/users/users-page.js';
import { CensusBoard } from './features/census/census-board.js';
import { CountersignPage } from './features/orders/countersign-page.js';
import { matchRoute, navigate, usePath } from './router.js';
import { useTRPC } from './trpc.js';

export function App() {
  const trpc = useTRPC();
  // "Anyone logged in?" first (200 either way), then who: the login page then loads with no 401.
  const session = useQuery(trpc.auth.session.queryOptions(undefined, { retry: false, staleTime: 60_000 }));
  const me = useQuery({ ...trpc.auth.me.queryOptions(undefined, { retry: false, staleTime: 60_000 }), enabled: Boolean(session.data) });
  const path = usePath();
  const queryClient = useQueryClient();
  const locked = useSessionLocked();
  const logout = useMutation(trpc.auth.logout.mutationOptions());
  const { mutate: endSession } = logout;
  // Idle: end the session on the server too, so the device holds no live session while unattended.
  const onIdle = useCallback(() => {
    lockSession();
    endSession();
  }, [endSession]);
  useIdleTimer(me.data ? me.data.sessionIdleMinutes * 60_000 : undefined, onIdle, me.data !== undefined && !locked);

  if (session.isPending || (session.data && me.isPending)) return <p className="page-status">Loading…</p>;
  if (!session.data || !me.data) return <LoginPage />;

  const route = matchRoute(path);
  const isAdmin = me.data.role === 'admin';
  return (
    <>
      {locked && (
        <LockScreen
          user={me.data}
          onSwitchUser={() => {
            unlockSession();
            navigate('/', { replace: true });
            queryClient.clear();
          }}
        />
      )}
      <div className="app-shell" inert={locked} aria-hidden={locked || undefined}>
        <TopBar user={me.data} path={path} />
        <main id="main" className="page">
          {/* An admin manages people, not patients (on no unit): their home is the users page. */}
          {route.name === 'unit' && (isAdmin ? <UsersPage /> : <CensusBoard />)}
          {route.name === 'admission' && <PatientPage admissionId={route.admissionId} />}
          {route.name === 'protocol' && (
            <>
              <ProtocolPage canEdit={me.data.role === 'physician'} />
              <TemperatureUnitSetting canEdit={me.data.role === 'physician' || me.data.role === 'admin'} />
            </>
          )}
          {route.name === 'reports' && <ReportsPage />}
          {route.name === 'countersign' && <CountersignPage />}
          {route.name === 'users' && (isAdmin ? <UsersPage /> : <AdminOnly />)}
          {route.name === 'audit' && (isAdmin ? <AuditPage /> : <AdminOnly />)}
          {route.name === 'not-found' && (
            <div className="card">
              <h1>Page not found</h1>
              <button type="button" className="button" onClick={() => navigate('/')}>
                Back to the unit
              </button>
            </div>
          )}
        </main>
      </div>
    </>
  );
}

/** The server refuses these pages' data to other roles anyway; say so instead of showing an error. */
function AdminOnly() {
  return (
    <div className="card">
      <h1>For administrators</h1>
      <p>This page is for the unit's administrators. Ask one if you need a user added or the audit trail searched.</p>
    </div>
  );
}
