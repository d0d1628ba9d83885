import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS } from '../support/api.js';
import { REPO_ROOT, type StartedServer, startServer } from '../support/server.js';
import { SESSION_COOKIE, TrpcHttp, dataOf } from '../support/trpc-http.js';

/**
 * The first load (issue 16, item 5): the production build of the client, served by the real server.
 * The client is built here, into a temp folder, so the test needs nothing built beforehand and never
 * touches client/dist, which a browser-test server may be serving. Bytes are compared with
 * Buffer.equals: a deep toEqual walks a 300 kB script byte by byte, for seconds.
 */

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as sent, not decompressed. */
  body: Buffer;
}

/** A GET that sends exactly the headers given (fetch would add its own Accept-Encoding and decode). */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

function buildClient(outDir: string): Promise<void> {
  const vite = path.join(REPO_ROOT, 'client/node_modules/vite/bin/vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: path.join(REPO_ROOT, 'client'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}:\n${output.slice(-3000)}`)),
    );
  });
}

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

/** The JavaScript files index.html makes the browser load before anything is shown: its entry and the entry's static imports, transitively. */
function initialScripts(manifest: Record<string, ManifestChunk>): string[] {
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit('index.html');
  return [...files];
}

/** The source files (from the chunk's source map) that went into a built chunk. */
function sourcesOf(dist: string, file: string): string[] {
  const map = JSON.parse(readFileSync(path.join(dist, `${file}.map`), 'utf8')) as { sources: string[] };
  return map.sources;
}

const isRecharts = (source: string) => /node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?recharts\//.test(source);

describe('the first load: the built client as the server sends it', () => {
  let dist: string;
  let server: StartedServer;
  let manifest: Record<string, ManifestChunk>;
  let entryFile: string;

  beforeAll(async () => {
    dist = mkdtempSync(path.join(tmpdir(), 'detox-first-load-'));
    await buildClient(dist);
    manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Record<
      string,
      ManifestChunk
    >;
    entryFile = manifest['index.html']?.file ?? '';
    server = await startServer({ env: { CLIENT_DIST: dist } });
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  it('the build writes a brotli and a gzip copy beside each script, stylesheet and index.html', () => {
    expect(entryFile).toMatch(/^assets\/index-[\w-]+\.js$/);
    const css = Object.values(manifest).flatMap((c) => (c as ManifestChunk & { css?: string[] }).css ?? []);
    expect(css.length).toBeGreaterThan(0);
    for (const file of [entryFile, ...css, 'index.html']) {
      const original = readFileSync(path.join(dist, file));
      expect(brotliDecompressSync(readFileSync(path.join(dist, `${file}.br`))).equals(original)).toBe(true);
      expect(gunzipSync(readFileSync(path.join(dist, `${file}.gz`))).equals(original)).toBe(true);
    }
  });

  it('sends brotli to a browser that accepts it, with the script type, Vary and a year of immutable caching', async () => {
    const original = readFileSync(path.join(dist, entryFile));
    const response = await rawGet(`${server.url}/${entryFile}`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(response.headers['content-length'])).toBe(response.body.length);
    expect(response.body.length).toBeLessThan(original.length / 2);
    expect(brotliDecompressSync(response.body).equals(original)).toBe(true);
  });

  it('sends gzip when brotli is not accepted (or refused with q=0)', async () => {
    const original = readFileSync(path.join(dist, entryFile));
    for (const accept of ['gzip, deflate', 'br;q=0, gzip', 'x-gzip']) {
      const response = await rawGet(`${server.url}/${entryFile}`, { 'accept-encoding': accept });
      expect(response.headers['content-encoding'], accept).toBe('gzip');
      expect(response.headers['content-type']).toMatch(/^(text|application)\/javascript/);
      expect(response.headers.vary).toMatch(/accept-encoding/i);
      expect(gunzipSync(response.body).equals(original)).toBe(true);
    }
  });

  it('sends the file as it is when neither is accepted', async () => {
    const original = readFileSync(path.join(dist, entryFile));
    for (const headers of [
      {} as Record<string, string>,
      { 'accept-encoding': 'identity' },
      { 'accept-encoding': 'br;q=0, gzip;q=0' },
      { 'accept-encoding': 'deflate' },
    ]) {
      const response = await rawGet(`${server.url}/${entryFile}`, headers);
      expect(response.status).toBe(200);
      expect(response.headers['content-encoding'], JSON.stringify(headers)).toBeUndefined();
      expect(response.headers['content-type']).toMatch(/^(text|application)\/javascript/);
      expect(response.headers.vary).toMatch(/accept-encoding/i);
      expect(response.body.equals(original)).toBe(true);
    }
  });

  it('answers a repeat request with 304 from the ETag of the copy it sent', async () => {
    const first = await rawGet(`${server.url}/${entryFile}`, { 'accept-encoding': 'br' });
    const etag = String(first.headers.etag);
    const again = await rawGet(`${server.url}/${entryFile}`, { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.status).toBe(304);
    const gzip = await rawGet(`${server.url}/${entryFile}`, { 'accept-encoding': 'gzip' });
    expect(gzip.headers.etag).not.toBe(etag);
  });

  it('sends index.html, for / and for client-side routes, compressed and to be revalidated on every load', async () => {
    const html = readFileSync(path.join(dist, 'index.html'));
    for (const route of ['/', '/admissions/12', '/index.html']) {
      const response = await rawGet(`${server.url}${route}`, { 'accept-encoding': 'gzip, br' });
      expect(response.status, route).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(response.body).equals(html)).toBe(true);
    }
  });

  describe("the page sent to someone logged in names their board's data and code, to fetch with the page", () => {
    /** The preload links of the page at `route`, with the cookies given. */
    async function preloadsOf(
      route: string,
      cookie: string,
    ): Promise<{ headers: http.IncomingHttpHeaders; links: string[] }> {
      const response = await rawGet(`${server.url}${route}`, { 'accept-encoding': 'gzip, br', cookie });
      expect(response.status, route).toBe(200);
      const encoding = response.headers['content-encoding'];
      const html = (encoding === 'br' ? brotliDecompressSync(response.body) : response.body).toString('utf8');
      return { headers: response.headers, links: html.match(/<link rel="(modulepreload|preload)"[^>]*>/g) ?? [] };
    }
    const sessionCookie = (client: TrpcHttp) => `${SESSION_COOKIE}=${client.cookie}`;
    const boardLink = (unitId: number) =>
      `<link rel="preload" href="/trpc/census.board?input=${encodeURIComponent(JSON.stringify({ unitId }))}" as="fetch" crossorigin />`;
    const sessionLink =
      '<link rel="preload" href="/trpc/auth.session?batch=1&amp;input=%7B%7D" as="fetch" crossorigin />';

    let physician: TrpcHttp;
    let nurse: TrpcHttp;
    let admin: TrpcHttp;
    let units: { id: number; name: string }[];
    beforeAll(async () => {
      physician = new TrpcHttp(server.url);
      nurse = new TrpcHttp(server.url);
      admin = new TrpcHttp(server.url);
      await Promise.all([
        physician.login('physician', DEMO_PASSWORDS.physician),
        nurse.login('nurse', DEMO_PASSWORDS.nurse),
        admin.login('admin', DEMO_PASSWORDS.admin),
      ]);
      units = dataOf(await admin.query<{ id: number; name: string }[]>('units.list'));
    });
    const unitNamed = (name: string) => units.find((u) => u.name === name)?.id ?? Number.NaN;

    it("for the board: the first unit's data, the board's chunk and its imports, never compressed copies of another user's page", async () => {
      const { headers, links } = await preloadsOf('/', sessionCookie(physician));
      expect(links[0]).toBe(sessionLink);
      expect(links[1]).toBe(boardLink(unitNamed('Detox North')));
      const boardChunk = manifest['src/features/census/census-board.tsx']?.file;
      expect(boardChunk).toBeDefined();
      expect(links).toContain(`<link rel="modulepreload" crossorigin href="/${boardChunk}" />`);
      // Not the entry (the page loads it anyway), not another screen.
      expect(links.join('\n')).not.toContain(entryFile);
      expect(links.join('\n')).not.toMatch(/patient-page|reports-page|users-page/);
      // Personal: kept by no shared cache, and checked again on every load like the plain page.
      expect(headers['cache-control']).toBe('private, no-cache');
      expect(headers.vary).toMatch(/cookie/i);
    });

    it("the unit this device chose, when the user may see it; else their first, as the app's own rule", async () => {
      const south = unitNamed('Detox South');
      const north = unitNamed('Detox North');
      const chosen = await preloadsOf('/', `${sessionCookie(physician)}; detox_unit=${south}`);
      expect(chosen.links).toContain(boardLink(south));
      expect(chosen.links).not.toContain(boardLink(north));
      // The demo nurse works on Detox North only: a cookie naming South preloads North.
      const nurseUnits = dataOf(await nurse.query<{ id: number }[]>('units.list')).map((u) => u.id);
      expect(nurseUnits).toEqual([north]);
      const elsewhere = await preloadsOf('/', `${sessionCookie(nurse)}; detox_unit=${south}`);
      expect(elsewhere.links).toContain(boardLink(north));
      expect(elsewhere.links.join('\n')).not.toContain(`%3A${south}%7D`);
      const nonsense = await preloadsOf('/', `${sessionCookie(nurse)}; detox_unit=abc`);
      expect(nonsense.links).toContain(boardLink(north));
    });

    it('nothing more for the login page, an ended session, an admin, another screen, or index.html by name', async () => {
      const plain = readFileSync(path.join(dist, 'index.html'));
      for (const [what, route, cookie] of [
        ['no session', '/', ''],
        ['a session cookie the server does not know', '/', `${SESSION_COOKIE}=nonsense`],
        ['an admin (whose home is the users page)', '/', sessionCookie(admin)],
        ['a patient page', '/admissions/12', sessionCookie(physician)],
        // The service worker caches the shell by this name: it must never keep one user's preloads.
        ['index.html by name', '/index.html', sessionCookie(physician)],
      ] as const) {
        const response = await rawGet(`${server.url}${route}`, { 'accept-encoding': 'br', cookie });
        expect(response.status, what).toBe(200);
        expect(brotliDecompressSync(response.body).equals(plain), what).toBe(true);
        expect(response.headers['cache-control'], what).toBe('no-cache');
      }
    });
  });

  it('answers 404, not the app shell, for an asset this build does not have', async () => {
    const response = await rawGet(`${server.url}/assets/index-00000000.js`, { 'accept-encoding': 'br' });
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const compressedCopy = await rawGet(`${server.url}/${entryFile}.br`);
    expect(compressedCopy.status).toBe(404);
  });

  it('the login page loads only the app shell: no Recharts and none of the screens behind the login', () => {
    const initial = initialScripts(manifest);
    expect(initial).toContain(entryFile);
    const initialSources = initial.flatMap((file) => sourcesOf(dist, file));
    expect(initialSources.some((s) => s.includes('features/auth/login-page'))).toBe(true);
    expect(initialSources.filter(isRecharts)).toEqual([]);
    // Nor zod: the API's schemas are the server's to check; one import of a shared schema module would add 20 kB.
    expect(initialSources.filter((s) => /node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?zod\//.test(s))).toEqual([]);
    for (const screen of [
      'features/census/',
      'features/patient/',
      'features/patient-chart/',
      'features/reports/',
      'features/protocol/',
      'features/audit/',
      'features/users/',
    ]) {
      expect(
        initialSources.filter((s) => s.includes(screen)),
        screen,
      ).toEqual([]);
    }
    // The check above means something only if Recharts is in the build at all: in a lazy chunk.
    const lazyWithRecharts = Object.values(manifest).filter(
      (c) => c.file.endsWith('.js') && !initial.includes(c.file) && sourcesOf(dist, c.file).some(isRecharts),
    );
    expect(lazyWithRecharts.length).toBeGreaterThan(0);
    // …and index.html preloads none of it.
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    for (const chunk of lazyWithRecharts) expect(html).not.toContain(chunk.file);
    expect(existsSync(path.join(dist, `${entryFile}.map`))).toBe(true);
  });
});
