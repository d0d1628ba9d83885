/**
 * Registers the Workbox service worker that the build writes (vite.config.ts): after the first load
 * the app shell opens without a connection. Only in a production build; `pnpm dev` serves sources.
 */
export function registerAppShellWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () =>
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // Without it the app still works online; offline reloads are what is lost.
    });
  // After the page's own files (its load event), which may already have passed when this runs.
  if (document.readyState === 'complete') void register();
  else window.addEventListener('load', () => void register(), { once: true });
}
