import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { queriesFollowReach } from './features/offline/queries-follow-reach.js';
import { persistQueries } from './features/offline/query-persistence.js';
import { registerAppShellWorker } from './features/offline/service-worker.js';
import { startFirstLoad } from './first-load.js';
import { nextTask } from './lib/next-task.js';
import { TRPCProvider, queryClient, trpcClient } from './trpc.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

/**
 * How long the first render waits for the first screen's code and data. Beyond it the app draws what
 * it has (the top bar and a loading line) rather than leave a slow network with a bare page.
 */
const FIRST_SCREEN_WAIT_MS = 3_000;

// A promise, not a top-level await: with one, the bundler splits the modules the entry shares with
// the screens into separate chunks, and the login page waited for eight scripts instead of one.
// In a task after the one that ran this bundle (a phone takes about 100 ms to), so neither is long.
void nextTask().then(async () => {
  // The first screen's data is asked for now, not after the first render (first-load.ts). Without an
  // answer (no Wi-Fi, or no route to the server) it opens on the last pages read on this tablet.
  queriesFollowReach();
  const firstScreen = startFirstLoad(window.location.pathname);
  persistQueries(queryClient);
  registerAppShellWorker();
  // One render once the first screen has what it needs, instead of one per answer (the shell, then
  // the session, then the board's code, then the board), each a long task on a phone. Until then the
  // page shows index.html's loading line. As a transition, React renders it in slices between which
  // the browser stays responsive.
  await Promise.race([firstScreen, new Promise((resolve) => window.setTimeout(resolve, FIRST_SCREEN_WAIT_MS))]);
  const reactRoot = createRoot(root);
  startTransition(() =>
    reactRoot.render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
            <App />
          </TRPCProvider>
        </QueryClientProvider>
      </StrictMode>,
    ),
  );
});
