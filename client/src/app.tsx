import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Suspense, useCallback, useEffect } from 'react';
import {
  AuditPage,
  CensusBoard,
  CountersignPage,
  PatientPage,
  ProtocolPage,
  ReportsPage,
  TemperatureUnitSetting,
  UsersPage,
  screenFor,
  screensToPreload,
} from './app-screens.js';
import { LockScreen } from './features/auth/lock-screen.js';
import { LoginPage } from './features/auth/login-page.js';
import { lockSession, unlockSession, useSessionLocked } from './features/auth/session-lock.js';
import { useIdleTimer } from './features/auth/use-idle-timer.js';
import { SESSION_QUERY } from './first-load.js';
import { TopBar } from './features/auth/top-bar.js';
import { OutboxBanner } from './features/offline/outbox-banner.js';
import { preloadWhenIdle } from './lib/preloadable.js';
import { matchRoute, navigate, usePath } from './router.js';
import { useTRPC } from './trpc.js';

export function App() {
  const trpc = useTRPC();
  // "Anyone logged in?" first (200 either way), then who: the login page then loads with no 401.
  const session = useQuery(trpc.auth.session.queryOptions(undefined, SESSION_QUERY));
  const me = useQuery({
    ...trpc.auth.me.queryOptions(undefined, SESSION_QUERY),
    enabled: Boolean(session.data),
  });
  const path = usePath();
  // Someone is logged in: fetch this address's screen now, alongside the who-am-I question, not after it.
  const signedIn = Boolean(session.data);
  useEffect(() => {
    if (signedIn) void screenFor(window.location.pathname)?.preload();
  }, [signedIn]);
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
  // Logged in: fetch the other screens' code while idle, so the first visit to each shows no loading state.
  const role = me.data?.role;
  useEffect(() => (role ? preloadWhenIdle(screensToPreload(role)) : undefined), [role]);

  if (session.isPending || (session.data && me.isPending)) return <p className="page-status">Loading…</p>;
  if (!session.data || !me.data)
    return (
      <>
        {/* Entries charted before a logout wait for their nurse: the login page says whose they are. */}
        <OutboxBanner userId={null} />
        <LoginPage />
      </>
    );

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
        {/* Sends the outbox only under the session of the nurse who charted each entry, never while locked. */}
        <OutboxBanner userId={locked ? null : me.data.id} />
        <main id="main" className="page">
          <Suspense fallback={<ScreenLoading />}>
            {/* An admin manages people, not patients (on no unit): their home is the users page. */}
            {route.name === 'unit' && (isAdmin ? <UsersPage.Component /> : <CensusBoard.Component />)}
            {route.name === 'admission' && <PatientPage.Component admissionId={route.admissionId} />}
            {route.name === 'protocol' && (
              <>
                <ProtocolPage.Component canEdit={me.data.role === 'physician'} />
                <TemperatureUnitSetting.Component canEdit={me.data.role === 'physician' || me.data.role === 'admin'} />
              </>
            )}
            {route.name === 'reports' && <ReportsPage.Component />}
            {route.name === 'countersign' && <CountersignPage.Component />}
            {route.name === 'users' && (isAdmin ? <UsersPage.Component /> : <AdminOnly />)}
            {route.name === 'audit' && (isAdmin ? <AuditPage.Component /> : <AdminOnly />)}
            {route.name === 'not-found' && (
              <div className="card">
                <h1>Page not found</h1>
                <button type="button" className="button" onClick={() => navigate('/')}>
                  Back to the unit
                </button>
              </div>
            )}
          </Suspense>
        </main>
      </div>
    </>
  );
}

/** While a screen's code is still arriving (first visit before the preload finished): said, not a blank page. */
function ScreenLoading() {
  return (
    <p className="page-status" role="status">
      Loading…
    </p>
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
