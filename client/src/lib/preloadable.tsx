import { type ComponentType, lazy, useState } from 'react';

export interface Preloadable<P extends object> {
  /** Renders the screen; suspends (the nearest <Suspense> shows its fallback) only while its code is still downloading. */
  Component: ComponentType<P>;
  /** Starts downloading the screen's code; the same promise every time. */
  preload: () => Promise<unknown>;
}

/**
 * A screen whose code is a separate chunk, fetched on first use or earlier by `preload()`.
 *
 * React.lazy alone suspends on its first render even when the chunk has already arrived (it learns
 * so only a microtask later), which flashes the loading state on every first visit to a screen.
 * Once the chunk is here, this renders the component directly instead. The choice is made once per
 * mounted instance, so a screen that mounted through the lazy path keeps its state when the chunk
 * lands.
 */
export function preloadable<P extends object>(load: () => Promise<ComponentType<P>>): Preloadable<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<{ default: ComponentType<P> }> | undefined;
  const preload = () => {
    pending ??= load().then((component) => {
      loaded = component;
      return { default: component };
    });
    // A failed download (a dropped connection) is tried again next time instead of failing forever.
    pending.catch(() => {
      pending = undefined;
    });
    return pending;
  };
  const Lazy = lazy(preload);
  function Component(props: P) {
    const [Chosen] = useState<ComponentType<P>>(() => loaded ?? Lazy);
    return <Chosen {...props} />;
  }
  return { Component, preload };
}

/**
 * Downloads the given screens while the browser is idle, one after another, so the first visit to
 * each is instant without competing with the screen being shown now: nothing starts before
 * `startAfterMs` (the first screen's data and paint come first), then one screen per idle period.
 * Loading a screen also runs its modules (the patient page's form schemas: about 150 ms on a
 * laptop, four times that on a phone, in one piece), so it waits until the first screen has
 * settled: started 2 s after login, it landed while a phone was still drawing the board.
 */
export function preloadWhenIdle(
  screens: readonly { preload: () => Promise<unknown> }[],
  startAfterMs = 6_000,
): () => void {
  let cancelled = false;
  const idle = (callback: () => void) => {
    if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(callback, { timeout: 3_000 });
    else window.setTimeout(callback, 200);
  };
  const next = (index: number) => {
    const screen = screens[index];
    if (cancelled || !screen) return;
    idle(() => {
      if (cancelled) return;
      // A screen that fails to download now is fetched again when it is opened; go on with the rest.
      screen.preload().then(
        () => next(index + 1),
        () => next(index + 1),
      );
    });
  };
  const start = window.setTimeout(() => next(0), startAfterMs);
  return () => {
    cancelled = true;
    window.clearTimeout(start);
  };
}
