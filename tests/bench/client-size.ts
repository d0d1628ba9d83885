import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { clientBuild } from './client-build.js';
import type { BenchModule } from './types.js';

/** 1 kB = 1000 bytes, as Vite reports sizes. */
const KB = 1000;
const LIMIT_KB = 200;

interface FileSize {
  file: string;
  bytes: number;
  gzipBytes: number;
  why: string;
}

/** Static imports and re-exports of an ES module (`import{a}from"./x.js"`, `import"./y.js"`); not import(). */
function staticImports(source: string): string[] {
  const found = new Set<string>();
  const patterns = [/\bfrom\s*["']([^"']+)["']/g, /\bimport\s*["']([^"']+)["']/g];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) if (match[1]) found.add(match[1]);
  return [...found];
}

/**
 * What the browser must download and run before the first screen: the entry script(s) of the built
 * client's index.html plus their static imports (the modulepreload links, and anything those import
 * statically), gzipped at level 9. Lazily imported chunks (the Recharts chart behind React.lazy on
 * the patient page) are listed but not counted. Target: <= 200 kB gzip.
 */
export const clientSizeBench: BenchModule = {
  name: 'client-size',
  title: 'initial JavaScript of the client, gzip',
  artifact: 'bench-client-size.json',
  server: { seed: 'none' },
  async run({ log }) {
    log("the framework's server is not used: this bench reads the built client");
    const build = await clientBuild(log);
    log(
      `client build: ${build.how}${build.buildMs ? ` in ${(build.buildMs / 1000).toFixed(1)} s` : ''} (${build.dist})`,
    );
    const html = readFileSync(path.join(build.dist, 'index.html'), 'utf8');
    const entries = [...html.matchAll(/<script\b[^>]*\btype=["']module["'][^>]*\bsrc=["']([^"']+)["']/g)].map(
      (m) => m[1] ?? '',
    );
    const preloads = [...html.matchAll(/<link\b[^>]*\brel=["']modulepreload["'][^>]*\bhref=["']([^"']+)["']/g)].map(
      (m) => m[1] ?? '',
    );
    if (entries.length === 0)
      throw new Error(`no <script type="module" src> in ${path.join(build.dist, 'index.html')}`);

    const resolve = (href: string, from = build.dist) =>
      href.startsWith('/') ? path.join(build.dist, href) : path.resolve(from, href);
    const initial = new Map<string, string>();
    const queue: { file: string; why: string }[] = [
      ...entries.map((href) => ({ file: resolve(href), why: 'entry script' })),
      ...preloads.map((href) => ({ file: resolve(href), why: 'modulepreload' })),
    ];
    while (queue.length > 0) {
      const next = queue.shift();
      if (!next || initial.has(next.file)) continue;
      if (!existsSync(next.file)) throw new Error(`index.html refers to ${next.file}, which the build does not have`);
      initial.set(next.file, next.why);
      for (const spec of staticImports(readFileSync(next.file, 'utf8'))) {
        if (!spec.startsWith('.') && !spec.startsWith('/')) continue;
        const file = resolve(spec, path.dirname(next.file));
        if (existsSync(file) && !initial.has(file))
          queue.push({ file, why: `static import of ${path.basename(next.file)}` });
      }
    }
    const size = (file: string, why: string): FileSize => {
      const content = readFileSync(file);
      return {
        file: path.relative(build.dist, file),
        bytes: content.length,
        gzipBytes: gzipSync(content, { level: 9 }).length,
        why,
      };
    };
    const counted = [...initial].map(([file, why]) => size(file, why));
    const assets = path.join(build.dist, 'assets');
    const lazy = (existsSync(assets) ? readdirSync(assets) : [])
      .filter((f) => f.endsWith('.js') && !initial.has(path.join(assets, f)))
      .map((f) => size(path.join(assets, f), 'lazy chunk, not counted'));
    const css = (existsSync(assets) ? readdirSync(assets) : [])
      .filter((f) => f.endsWith('.css'))
      .map((f) => size(path.join(assets, f), 'stylesheet, not counted (JavaScript only)'));

    const rows = [
      ['file', 'bytes', 'gzip bytes', 'gzip kB', 'why'],
      ...[...counted, ...lazy, ...css].map((f) => [
        f.file,
        String(f.bytes),
        String(f.gzipBytes),
        (f.gzipBytes / KB).toFixed(1),
        f.why,
      ]),
    ];
    const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
    for (const r of rows)
      log(
        r
          .map((cell, i) => (i === 0 || i === 4 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
          .join('  '),
      );
    const totalGzip = counted.reduce((s, f) => s + f.gzipBytes, 0);
    const totalRaw = counted.reduce((s, f) => s + f.bytes, 0);
    log(
      `initial JavaScript: ${counted.length} file(s), ${(totalRaw / KB).toFixed(1)} kB raw, ${(totalGzip / KB).toFixed(1)} kB gzip`,
    );

    const derived: Record<string, number> = {
      'initial JS files': counted.length,
      'initial JS raw kB': totalRaw / KB,
      'initial JS gzip kB': totalGzip / KB,
      'lazy JS gzip kB (not counted)': lazy.reduce((s, f) => s + f.gzipBytes, 0) / KB,
      'client build s (0 = reused)': build.buildMs / 1000,
    };
    for (const f of counted) derived[`gzip kB ${f.file}`] = f.gzipBytes / KB;
    for (const f of lazy) derived[`gzip kB ${f.file} (lazy)`] = f.gzipBytes / KB;
    return {
      measurements: [],
      derived,
      targets: [
        { name: 'initial JavaScript, gzip', actual: totalGzip / KB, comparison: '<=', limit: LIMIT_KB, unit: 'kB' },
      ],
      problems: [],
    };
  },
};
