import { SESSION_COOKIE, type TrpcHttp } from './trpc-http.js';

export interface OpenStream {
  status: number;
  headers: Headers;
  /** Everything received so far. */
  received(): string;
  /** Resolves with everything received once the server ends the stream (or after `ms`, with `timedOut`). */
  ended(ms: number): Promise<{ text: string; timedOut: boolean }>;
  close(): void;
}

/** Opens events.unit over SSE, as the client's httpSubscriptionLink does; `since` asks for what was missed. */
export async function openStream(client: TrpcHttp, unitId: number, since?: string): Promise<OpenStream> {
  const controller = new AbortController();
  const input = since === undefined ? { unitId } : { unitId, since };
  const url = `${client.baseUrl}/trpc/events.unit?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await fetch(url, {
    headers: { accept: 'text/event-stream', cookie: `${SESSION_COOKIE}=${client.cookie}` },
    signal: controller.signal,
  });
  const reader = res.body?.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  const done = (async () => {
    try {
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) return;
        text += chunk.value;
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    status: res.status,
    headers: res.headers,
    received: () => text,
    async ended(ms) {
      const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms));
      const outcome = await Promise.race([done.then(() => 'done' as const), timer]);
      return { text, timedOut: outcome === 'timeout' };
    },
    close: () => controller.abort(),
  };
}
