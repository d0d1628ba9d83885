import type { Request, RequestHandler } from 'express';

/**
 * Refuses a state-changing request that another web site made the browser send (cross-site request
 * forgery). The session cookie is SameSite=Strict already; this is the second, independent check
 * OWASP's CSRF cheat sheet recommends ("verifying origin with standard headers", and Fetch Metadata):
 * - an Origin header whose host is not this server's host is refused;
 * - without an Origin header (curl, scripts, server-to-server calls send none) the request passes,
 *   unless the browser says through Sec-Fetch-Site that it comes from another site.
 * GET and HEAD change nothing (tRPC queries are reads), so they are not checked. Only hosts (with
 * port) are compared, not schemes: behind a proxy that ends TLS the page is https, the server http.
 */
export const CROSS_SITE_MESSAGE =
  'Requests from another site are refused; open Detox Watch at its own address and try again';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** The host the browser addressed (X-Forwarded-Host only behind a trusted proxy: Express's req.host). */
function requestHost(req: Request, protocol: string): string | null {
  const host = req.host;
  if (!host) return null;
  try {
    // Through URL so that "example.org:443" and "example.org" compare equal for https.
    return new URL(`${protocol}//${host}`).host.toLowerCase();
  } catch {
    return null;
  }
}

function isSameOrigin(req: Request, origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    // "null" (a sandboxed frame, a file: page) or garbage: not this site.
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return url.host.toLowerCase() === requestHost(req, url.protocol);
}

/** Where the request came from, or null when it may proceed. */
export function crossSiteReason(req: Request): string | null {
  if (SAFE_METHODS.has(req.method)) return null;
  const origin = req.get('origin');
  if (origin !== undefined) return isSameOrigin(req, origin) ? null : `origin ${origin.slice(0, 200)}`;
  if (req.get('sec-fetch-site')?.toLowerCase() === 'cross-site') return 'sec-fetch-site cross-site';
  return null;
}

/** The refusal in tRPC's error shape, so the client shows the message like any other error. */
function forbiddenBody(req: Request) {
  const procedure = req.path.startsWith('/trpc/') ? req.path.slice('/trpc/'.length) : undefined;
  return {
    error: {
      message: CROSS_SITE_MESSAGE,
      code: -32003,
      data: { code: 'FORBIDDEN', httpStatus: 403, ...(procedure ? { path: procedure } : {}), issues: [], warnings: [] },
    },
  };
}

/** Mounted before everything else; `onRefused` lets the request log say why (never the body). */
export function originCheck(onRefused?: (req: Request, reason: string) => void): RequestHandler {
  return (req, res, next) => {
    const reason = crossSiteReason(req);
    if (reason === null) {
      next();
      return;
    }
    onRefused?.(req, reason);
    // The body is never read: a refused request writes nothing, however large it is.
    res.setHeader('Connection', 'close');
    res.status(403).json(forbiddenBody(req));
  };
}
