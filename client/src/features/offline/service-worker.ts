/**
 * Registers the Workbox service worker that the build writes (vite.config.ts): after the first load
 * the app shell opens without a connection. Only in a production build; `pnpm dev` serves sources.
 */
export function registerAppShellWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // Without it the app still works online; offline reloads are what is lost.
    });
  });
}
