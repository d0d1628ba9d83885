/** Minimal tRPC-over-HTTP calls (plain JSON, no batching) for setting up a bench; not for load. */

export class TrpcHttpError extends Error {
  constructor(
    readonly procedure: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${procedure} answered HTTP ${status}: ${body.slice(0, 500)}`);
  }
}

async function unwrap<T>(procedure: string, response: Response): Promise<T> {
  const body = await response.text();
  if (!response.ok) throw new TrpcHttpError(procedure, response.status, body);
  const parsed = JSON.parse(body) as { result?: { data?: T } };
  if (!parsed.result || !('data' in parsed.result)) throw new TrpcHttpError(procedure, response.status, body);
  return parsed.result.data as T;
}

export function queryUrl(baseUrl: string, procedure: string, input?: unknown): string {
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return `${baseUrl}/trpc/${procedure}${query}`;
}

export async function trpcQuery<T>(baseUrl: string, cookie: string, procedure: string, input?: unknown): Promise<T> {
  const response = await fetch(queryUrl(baseUrl, procedure, input), { headers: { cookie } });
  return unwrap<T>(procedure, response);
}

export async function trpcMutation<T>(baseUrl: string, cookie: string, procedure: string, input: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/trpc/${procedure}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  return unwrap<T>(procedure, response);
}

/** Logs in and returns the `Cookie` header value carrying the session (`detox_session=…`). */
export async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  await unwrap<unknown>('auth.login', response);
  const session = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]?.trim() ?? '')
    .find((c) => c.startsWith('detox_session=') && c.length > 'detox_session='.length);
  if (!session)
    throw new Error(
      `auth.login set no detox_session cookie (Set-Cookie: ${response.headers.getSetCookie().join(' | ')})`,
    );
  return session;
}
