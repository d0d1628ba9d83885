/**
 * A tiny HTTP client for the tRPC API, as a browser or a script would use it: plain JSON, one
 * client per user, the session cookie kept between calls.
 */

export interface TrpcIssue {
  path: string;
  message: string;
}

export interface TrpcErrorBody {
  error: {
    message: string;
    code: number;
    data: { code: string; httpStatus: number; path?: string; issues: TrpcIssue[] };
  };
}

export interface TrpcSuccessBody<T> {
  result: { data: T };
}

export interface TrpcResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: TrpcSuccessBody<T> & Partial<TrpcErrorBody> & Record<string, unknown>;
  text: string;
}

export const SESSION_COOKIE = 'detox_session';

export class TrpcHttp {
  /** The session cookie value, as the server last set it. */
  cookie: string | null = null;
  /** Every Set-Cookie header of the last response, verbatim. */
  lastSetCookies: string[] = [];
  /** Headers sent with every request besides the usual ones (e.g. X-Forwarded-For behind a trusted proxy). */
  extraHeaders: Record<string, string> = {};

  constructor(readonly baseUrl: string) {}

  /** A query: `GET /trpc/<name>?input=<url-encoded JSON>`. */
  query<T = unknown>(name: string, input?: unknown): Promise<TrpcResponse<T>> {
    const search = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    return this.request<T>('GET', `/trpc/${name}${search}`);
  }

  /** A mutation: `POST /trpc/<name>` with the JSON input as body. */
  mutate<T = unknown>(name: string, input?: unknown): Promise<TrpcResponse<T>> {
    return this.request<T>('POST', `/trpc/${name}`, input === undefined ? undefined : JSON.stringify(input));
  }

  /** A mutation with a body sent exactly as given (for malformed or oversized bodies). */
  mutateRaw<T = unknown>(name: string, body: string): Promise<TrpcResponse<T>> {
    return this.request<T>('POST', `/trpc/${name}`, body);
  }

  /** Logs in and keeps the cookie; throws unless the server says 200. */
  async login(username: string, password: string): Promise<{ id: number; name: string; role: string }> {
    const res = await this.mutate<{ user: { id: number; name: string; role: string } }>('auth.login', {
      username,
      password,
    });
    if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${res.text}`);
    return res.body.result.data.user;
  }

  async request<T>(method: 'GET' | 'POST', pathAndQuery: string, body?: string): Promise<TrpcResponse<T>> {
    const headers: Record<string, string> = { ...this.extraHeaders };
    // tRPC refuses a POST without a content type (415), even one without input, as the real client sends.
    if (method === 'POST') headers['content-type'] = 'application/json';
    if (this.cookie !== null) headers.cookie = `${SESSION_COOKIE}=${this.cookie}`;
    const response = await fetch(`${this.baseUrl}${pathAndQuery}`, { method, headers, body });
    this.lastSetCookies = response.headers.getSetCookie();
    for (const setCookie of this.lastSetCookies) {
      const [pair = '', ...attributes] = setCookie.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      if (pair.slice(0, eq) !== SESSION_COOKIE) continue;
      const value = pair.slice(eq + 1);
      const expired = attributes.some((a) => /^max-age=0$/i.test(a));
      this.cookie = value === '' || expired ? null : value;
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { raw: text };
    }
    return { status: response.status, headers: response.headers, body: parsed as TrpcResponse<T>['body'], text };
  }
}

/** The data of a successful call; throws with the server's answer otherwise, so a test fails with the reason. */
export function dataOf<T>(res: TrpcResponse<T>): T {
  if (res.status !== 200 || !res.body.result) {
    throw new Error(`expected 200 with a result, got ${res.status}: ${res.text.slice(0, 2000)}`);
  }
  return res.body.result.data;
}

/** The error part of a failed call; throws if the call succeeded. */
export function errorOf(res: TrpcResponse): TrpcErrorBody['error'] {
  if (!res.body.error) throw new Error(`expected an error, got ${res.status}: ${res.text.slice(0, 2000)}`);
  return res.body.error;
}
