import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { persistQueries, restoreQueries } from './features/offline/query-persistence.js';
import { registerAppShellWorker } from './features/offline/service-worker.js';
import { startFirstLoad } from './first-load.js';
import { TRPCProvider, queryClient, trpcClient } from './trpc.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// The last board and patient pages read on this tablet, for a reload without Wi-Fi (issue 13).
// A promise, not a top-level await: with one, the bundler splits the modules the entry shares with
// the screens into separate chunks, and the login page waited for eight scripts instead of one.
void restoreQueries(queryClient).then(() => {
  // The first screen's data is asked for now, not after the first render (first-load.ts).
  startFirstLoad(window.location.pathname);
  persistQueries(queryClient);
  registerAppShellWorker();
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <App />
        </TRPCProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
});
