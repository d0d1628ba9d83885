import { useEffect } from 'react';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Calls onIdle once after idleMs without a touch, click or key. The check runs every few seconds
 * against the last activity time rather than resetting a timer on every event, and also catches a
 * tablet that slept past the limit (its timers were paused while the clock moved on).
 */
export function useIdleTimer(idleMs: number | undefined, onIdle: () => void, enabled: boolean) {
  useEffect(() => {
    if (!enabled || idleMs === undefined) return;
    let lastActivity = Date.now();
    const touch = () => {
      lastActivity = Date.now();
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, touch, { passive: true, capture: true });
    const check = () => {
      if (Date.now() - lastActivity >= idleMs) onIdle();
    };
    const interval = window.setInterval(check, Math.min(5_000, idleMs));
    document.addEventListener('visibilitychange', check);
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, touch, { capture: true });
      window.clearInterval(interval);
      document.removeEventListener('visibilitychange', check);
    };
  }, [idleMs, onIdle, enabled]);
}
