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
  const seen = { text: '' };
  const done = readUntilClosed(res, seen);
  return {
    status: res.status,
    headers: res.headers,
    received: () => seen.text,
    async ended(ms) {
      const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms));
      const outcome = await Promise.race([done.then(() => 'done' as const), timer]);
      return { text: seen.text, timedOut: outcome === 'timeout' };
    },
    close: () => controller.abort(),
  };
}

/**
 * What an event stream received until its connection closed (a drained instance cuts it mid-body);
 * `seen.text` holds what has arrived so far while it is still open.
 */
export async function readUntilClosed(stream: Response, seen = { text: '' }): Promise<string> {
  const reader = stream.body?.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      seen.text += chunk.value;
    }
  } catch {
    // the connection closed mid-body (or close() aborted it): what arrived is in `seen.text`
  }
  return seen.text;
}
