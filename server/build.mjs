#!/usr/bin/env node
// The production build (issue 12, item 1): the server and its CLIs compiled ahead of time into dist/, so
// a hospital runs plain `node server/dist/main.js` with no TypeScript loader in the process.
//
// esbuild rather than tsc: the workspace package @detox/shared exports its TypeScript sources
// (toolchain.md), which node cannot load; bundling compiles shared/ into each entry. Every other package
// stays external and is loaded from node_modules at run time (better-sqlite3 is native, pdfkit reads its
// font files, pino starts workers by file name). Types are checked by `tsc -b`, not here.
//
// Every entry is written to dist/ directly (dist/main.js, dist/add-user.js, …): config.ts finds the
// install's root as two directories above its own file, which holds for server/src/config.ts and for
// server/dist/<entry>.js alike.

import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const serverDir = path.dirname(fileURLToPath(import.meta.url));
// `--outdir <dir>` builds elsewhere (the install test builds into a temp install); default server/dist.
const outdirFlag = process.argv.indexOf('--outdir');
const outdir =
  outdirFlag > 0 && process.argv[outdirFlag + 1]
    ? path.resolve(process.argv[outdirFlag + 1])
    : path.join(serverDir, 'dist');

/** Bare imports (packages, node: builtins) stay imports, except the workspace's own TypeScript packages. */
const packagesExternal = {
  name: 'packages-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@detox/') ? undefined : { path: args.path, external: true },
    );
  },
};

rmSync(outdir, { recursive: true, force: true });
const started = Date.now();
await build({
  absWorkingDir: serverDir,
  entryPoints: {
    main: 'src/main.ts',
    'add-user': 'src/cli/add-user.ts',
    'verify-audit': 'src/cli/verify-audit.ts',
    backup: 'src/cli/backup.ts',
  },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Stack traces in the log name the TypeScript lines (the start script runs node --enable-source-maps).
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [packagesExternal],
});
console.log(`built the server into ${path.relative(process.cwd(), outdir) || 'dist'} in ${Date.now() - started} ms`);
