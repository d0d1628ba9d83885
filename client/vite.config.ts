import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { precompress } from './precompress.js';

export default defineConfig({
  plugins: [
    react(),
    precompress(),
    // The app shell for a reload without Wi-Fi (issue 13): Workbox precaches the built files, and every
    // page address opens the cached index.html. Patient data is never cached here (the server sends it
    // no-store); the last data read lives in IndexedDB and is cleared on logout (features/offline).
    VitePWA({
      injectRegister: false,
      registerType: 'autoUpdate',
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        navigateFallback: 'index.html',
        // Downloads and the API are never the app shell: a PDF opened offline fails as it should.
        navigateFallbackDenylist: [/^\/(trpc|reports|exports|healthz|readyz|metrics)(\/|$)/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  server: {
    // `pnpm dev`: the API server runs on 3000, Vite proxies to it.
    proxy: {
      '/trpc': 'http://127.0.0.1:3000',
      '/reports': 'http://127.0.0.1:3000',
      '/exports': 'http://127.0.0.1:3000',
    },
  },
  // The manifest lists each entry's static imports and dynamic ones apart: the tests read it to check
  // what the login page loads.
  build: {
    target: 'es2022',
    sourcemap: true,
    manifest: true,
    rolldownOptions: {
      treeshake: {
        // shared/ is pure functions and schemas with no side effects on import (architecture.md), but its
        // index re-exports everything: without this, a screen needing one helper (the board's getDrug)
        // would load and run every zod schema of the API with it.
        moduleSideEffects: [{ test: /[\\/]shared[\\/]src[\\/]/, sideEffects: false }],
      },
    },
  },
});
