import { useEffect, useSyncExternalStore } from 'react';

/** A small history router: the app has a handful of screens, which does not warrant a routing library. */
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

export function navigate(path: string, options: { replace?: boolean } = {}) {
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  for (const l of listeners) l();
  window.scrollTo(0, 0);
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export type Route =
  | { name: 'unit' }
  | { name: 'admission'; admissionId: number }
  | { name: 'protocol' }
  | { name: 'reports' }
  | { name: 'users' }
  | { name: 'audit' }
  | { name: 'countersign' }
  | { name: 'not-found' };

export function matchRoute(path: string): Route {
  if (path === '/' || path === '') return { name: 'unit' };
  if (path === '/protocol') return { name: 'protocol' };
  if (path === '/shift-report') return { name: 'reports' };
  if (path === '/users') return { name: 'users' };
  if (path === '/audit') return { name: 'audit' };
  if (path === '/countersign') return { name: 'countersign' };
  const admission = /^\/admissions\/(\d+)\/?$/.exec(path);
  if (admission?.[1]) return { name: 'admission', admissionId: Number(admission[1]) };
  return { name: 'not-found' };
}

/** Sets the document title, so tabs and screen readers say where the user is. */
export function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Detox Watch`;
  }, [title]);
}
