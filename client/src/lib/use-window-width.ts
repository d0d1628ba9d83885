import { useSyncExternalStore } from 'react';

/** The window's width in CSS pixels, re-read when it is resized or a tablet is turned. */
export function useWindowWidth(): number {
  return useSyncExternalStore(
    (onChange) => {
      window.addEventListener('resize', onChange);
      return () => window.removeEventListener('resize', onChange);
    },
    () => window.innerWidth,
    () => 1024,
  );
}
