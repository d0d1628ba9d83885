import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './server.js';

/**
 * The production build (issue 12, item 1) installed into a folder of the caller's choosing, laid out
 * as a hospital's deploy is: <root>/server/dist (the compiled server and CLIs), <root>/server/package.json,
 * <root>/client/dist (the built client) and <root>/data (the SQLite default). The server's packages are
 * those this checkout installed (a symlink to server/node_modules: a real install runs `pnpm install`;
 * the code under test is the build, not the package manager).
 */
export interface ProductionInstall {
  root: string;
  /** <root>/server/dist/main.js, to run with plain node. */
  serverEntry: string;
  /** <root>/server/dist/<name>.js for the CLIs: add-user, verify-audit, backup. */
  cli(name: 'add-user' | 'verify-audit' | 'backup'): string;
}

/** Runs a command to completion; rejects with its output when it fails. */
export function runToEnd(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve({ stdout, stderr })
        : reject(new Error(`${path.basename(command)} ${args.join(' ')} exited with ${code}:\n${stdout}${stderr}`)),
    );
  });
}

/** Builds the server (server/build.mjs) and the client (vite) into `root` and links the server's packages. */
export async function installProductionBuild(root: string): Promise<ProductionInstall> {
  const serverDir = path.join(root, 'server');
  mkdirSync(serverDir, { recursive: true });
  mkdirSync(path.join(root, 'data'), { recursive: true });
  // "type": "module" makes dist/*.js ES modules, as in the repository.
  copyFileSync(path.join(REPO_ROOT, 'server/package.json'), path.join(serverDir, 'package.json'));
  symlinkSync(path.join(REPO_ROOT, 'server/node_modules'), path.join(serverDir, 'node_modules'), 'dir');
  const vite = path.join(REPO_ROOT, 'client/node_modules/vite/bin/vite.js');
  await Promise.all([
    runToEnd(process.execPath, [path.join(REPO_ROOT, 'server/build.mjs'), '--outdir', path.join(serverDir, 'dist')]),
    runToEnd(
      process.execPath,
      [vite, 'build', '--outDir', path.join(root, 'client/dist'), '--emptyOutDir', '--logLevel', 'error'],
      { cwd: path.join(REPO_ROOT, 'client') },
    ),
  ]);
  return {
    root,
    serverEntry: path.join(serverDir, 'dist/main.js'),
    cli: (name) => path.join(serverDir, 'dist', `${name}.js`),
  };
}
