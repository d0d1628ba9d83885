import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Browser safety headers (helmet). The Content Security Policy lets the page load and talk only to
 * this server:
 * - everything from 'self' only; no inline or eval'd script, no plugins from elsewhere;
 * - style-src keeps 'unsafe-inline': Recharts positions its tooltip and legend with inline styles,
 *   and Chrome's PDF viewer (the downtime PDF opens inline) styles its own page that way too;
 * - object-src 'self' rather than 'none': Chrome shows an inline PDF through an internal <embed>,
 *   which object-src governs (crbug.com/271452), so 'none' would blank /reports/downtime.pdf;
 * - img-src allows data: URLs (small icons inlined by the build);
 * - frame-ancestors 'none' (and X-Frame-Options DENY for old browsers): no site can frame the app
 *   to trick a nurse into clicking (clickjacking).
 * HSTS and upgrade-insecure-requests only when the deployment says it is served over HTTPS
 * (COOKIE_SECURE): on a plain-HTTP demo they would send the browser to a port that does not answer.
 */
export function securityHeaders(options: { https: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        ...(options.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
}
