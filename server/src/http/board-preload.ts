import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UNIT_CHOICE_COOKIE, unitChosenOf } from '@detox/shared';
import type { Request } from 'express';
import type { Kysely } from 'kysely';
import { readCookie } from '../auth/session-token.js';
import type { SessionPolicy } from '../auth/session-policy.js';
import type { Database } from '../db/database.js';
import { unitsVisibleTo } from '../services/units.js';
import { resolveSession } from './session.js';

/** The board's screen in the client build's manifest (client/src/app-screens.ts loads it lazily). */
const BOARD_SCREEN = 'src/features/census/census-board.tsx';

interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
  isEntry?: boolean;
}

/** The board's code: its chunk and every chunk it imports, but not the app's entry, which the page loads anyway. */
function boardFiles(manifest: Record<string, ManifestChunk>): { scripts: string[]; styles: string[] } {
  const scripts: string[] = [];
  const styles: string[] = [];
  const seen = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || chunk.isEntry || seen.has(key)) return;
    seen.add(key);
    scripts.push(chunk.file);
    for (const css of chunk.css ?? []) if (!styles.includes(css)) styles.push(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(BOARD_SCREEN);
  return { scripts, styles };
}

function readManifest(clientDist: string): Record<string, ManifestChunk> {
  try {
    return JSON.parse(readFileSync(path.join(clientDist, '.vite', 'manifest.json'), 'utf8')) as Record<
      string,
      ManifestChunk
    >;
  } catch {
    // A build without a manifest still works: the page then asks for the board's code itself.
    return {};
  }
}

/** The request the client's first load makes for the board (first-load.ts: sent alone, not batched). */
function boardDataUrl(unitId: number): string {
  return `/trpc/census.board?input=${encodeURIComponent(JSON.stringify({ unitId }))}`;
}

/**
 * The board's first load, sent with the page (issue 16, item 5). Opened by someone logged in, the
 * page used to wait for its script, then for the session's answer (which unit?), and only then asked
 * for the board and the board's code: a second round of requests on a slow network. The server knows
 * both answers when it sends the page, so it names them in the page's head as preloads, and the
 * browser fetches them alongside the script; the client's own requests then find them there (the same
 * URLs, so nothing is fetched twice).
 *
 * Only for / (the board) and someone who has a board: an admin's home is the users page, the login
 * page gets nothing (so never a 401), and a device's installed service worker serves its own copy of
 * the page without asking. The unit is the one this device chose (UNIT_CHOICE_COOKIE) if the user
 * may see it, else their first (unitChosenOf, the client's rule too), on the same list as
 * auth.session sends.
 */
export function boardPreload(
  db: Kysely<Database>,
  policy: SessionPolicy,
  clientDist: string,
): (req: Request) => Promise<string> {
  const { scripts, styles } = boardFiles(readManifest(clientDist));
  const codeLinks = [
    ...scripts.map((file) => `<link rel="modulepreload" crossorigin href="/${file}" />`),
    ...styles.map((file) => `<link rel="preload" as="style" crossorigin href="/${file}" />`),
  ];
  return async (req) => {
    if (req.path !== '/') return '';
    const { user } = await resolveSession(db, policy, req);
    if (!user || user.role === 'admin') return '';
    const units = await unitsVisibleTo(db, user);
    const unit = unitChosenOf(units, readCookie(req.headers.cookie, UNIT_CHOICE_COOKIE));
    if (!unit) return '';
    const dataLink = `<link rel="preload" href="${boardDataUrl(unit.id)}" as="fetch" crossorigin />`;
    return [dataLink, ...codeLinks].join('\n    ');
  };
}
