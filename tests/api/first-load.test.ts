import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, type StartedServer, startServer } from '../support/server.js';

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
    server = await startServer({ seed: 'none', env: { CLIENT_DIST: dist } });
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
