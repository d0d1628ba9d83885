import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { type NextFunction, type Request, type Response, Router } from 'express';
import { acceptedPrecompressed } from './accept-encoding.js';

/** Vite names every file under /assets/ after a hash of its content: a changed file is a new URL. */
const HASHED_PREFIX = '/assets/';
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html (and any unhashed file) is checked with the server on each load, so a deploy shows at once. */
export const REVALIDATE = 'no-cache';

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * Sends one file of the built client, choosing the brotli or gzip copy that the build wrote beside it
 * (client/precompress.ts) when the browser accepts it. The Content-Type is that of the original file
 * (send would otherwise take it from ".br"); ETag and Content-Length are those of the bytes sent.
 */
async function sendClientFile(
  req: Request,
  res: Response,
  next: NextFunction,
  root: string,
  relative: string,
): Promise<void> {
  const original = path.join(root, relative);
  const cacheControl = `/${relative}`.startsWith(HASHED_PREFIX) ? IMMUTABLE : REVALIDATE;
  let chosen = relative;
  let encoding: string | null = null;
  for (const variant of acceptedPrecompressed(req.get('accept-encoding'))) {
    if (await isFile(original + variant.suffix)) {
      chosen = relative + variant.suffix;
      encoding = variant.encoding;
      break;
    }
  }
  // Caches must keep one copy per coding: a gzip-only client must never get the brotli bytes.
  res.vary('Accept-Encoding');
  res.type(path.extname(relative));
  res.setHeader('Cache-Control', cacheControl);
  if (encoding) res.setHeader('Content-Encoding', encoding);
  res.sendFile(chosen, { root, dotfiles: 'ignore', cacheControl: false }, (error?: Error & { status?: number }) => {
    if (!error) return;
    if (res.headersSent) return void next(error);
    res.removeHeader('Content-Encoding');
    res.removeHeader('Cache-Control');
    res.removeHeader('Content-Type');
    if (error.status === 404) next();
    else next(error);
  });
}

/**
 * The production client: the files of the Vite build, precompressed where the browser accepts it,
 * hashed assets cached for a year as immutable, everything else revalidated; any other GET path is a
 * client-side route (/admissions/12) and gets index.html. A missing /assets/ file is a 404, never
 * index.html: an old tab asking for a chunk of a previous build must fail loudly, not parse HTML as
 * JavaScript.
 */
export function clientFiles(root: string, preloadsFor?: (req: Request) => Promise<string>): Router {
  const router = Router();
  const indexFile = 'index.html';
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let pathname: string;
    try {
      pathname = decodeURIComponent(req.path);
    } catch {
      return void res.status(400).json({ error: { message: 'The address is not valid (bad percent-encoding).' } });
    }
    // A path that leaves the build folder, or names a directory or a compressed copy itself, is not a file to send.
    const relative = path.posix.normalize(pathname).replace(/^\/+/, '');
    const sendable =
      relative !== '' && !relative.startsWith('..') && !relative.includes('\0') && !/\.(br|gz)$/.test(relative);
    const notFound = () =>
      pathname.startsWith(HASHED_PREFIX)
        ? void res.status(404).json({ error: { message: 'No such file in this version of the app; reload the page.' } })
        : next();
    if (!sendable) return notFound();
    isFile(path.join(root, relative))
      .then((exists) => (exists ? sendClientFile(req, res, next, root, relative) : notFound()))
      .catch(next);
  });
  // Client-side routes load the app shell, with what this user's first screen will ask for named in
  // its head when the server knows it (board-preload.ts).
  router.get('/{*splat}', (req, res, next) => {
    // The same address may name different preloads for another session.
    res.vary('Cookie');
    void (preloadsFor ? preloadsFor(req) : Promise.resolve(''))
      .then((preloads) => {
        if (!preloads) return sendClientFile(req, res, next, root, indexFile);
        return readFile(path.join(root, indexFile), 'utf8').then((html) => {
          res.setHeader('Cache-Control', `private, ${REVALIDATE}`);
          res.type('html').send(html.replace('</head>', `  ${preloads}\n  </head>`));
        });
      })
      .catch(next);
  });
  return router;
}
