import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './precompress.js';

export default defineConfig({
  plugins: [react(), precompress()],
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
  build: { target: 'es2022', sourcemap: true, manifest: true },
});
