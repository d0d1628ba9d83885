import type { RequestHandler } from 'express';

/**
 * With PUBLIC_ORIGIN set, a request must name that host (Host, or X-Forwarded-Host behind a trusted
 * proxy): a forged Host cannot make the server build links or pass the Origin check for another name
 * (DNS rebinding, host-header injection). /healthz and /readyz answer any host, for load balancers
 * that probe by address, and so does /metrics (behind its token), which Prometheus scrapes by address.
 */
export function hostCheck(publicOrigin: URL | undefined): RequestHandler {
  return (req, res, next) => {
    if (!publicOrigin || req.path === '/healthz' || req.path === '/readyz' || req.path === '/metrics') {
      next();
      return;
    }
    let host: string | null = null;
    try {
      host = req.host ? new URL(`${publicOrigin.protocol}//${req.host}`).host.toLowerCase() : null;
    } catch {
      host = null;
    }
    if (host === publicOrigin.host.toLowerCase()) {
      next();
      return;
    }
    const message = `This server answers only at ${publicOrigin.origin}; open it at that address`;
    res.setHeader('Connection', 'close');
    res.status(421).json({
      error: { message, code: -32600, data: { code: 'BAD_REQUEST', httpStatus: 421, issues: [], warnings: [] } },
    });
  };
}
