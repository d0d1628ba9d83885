import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  server: {
    // `pnpm dev`: the API server runs on 3000, Vite proxies to it.
    proxy: { '/trpc': 'http://127.0.0.1:3000', '/reports': 'http://127.0.0.1:3000', '/exports': 'http://127.0.0.1:3000' },
  },
  build: { target: 'es2022', sourcemap: true },
});
