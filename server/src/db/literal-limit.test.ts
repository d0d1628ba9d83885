import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SOURCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The server's code, without its tests and without migrations (they ran once and stay as they ran). */
function serverSources(): string[] {
  return readdirSync(SOURCE, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.startsWith('db/migrations'))
    .map((file) => path.join(SOURCE, file));
}

describe('fixed LIMITs are literals (db/literal-limit.ts)', () => {
  it('no query binds a constant LIMIT, which SQLite would prepare again at every run', () => {
    const bound = serverSources().flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${path.relative(SOURCE, file)}:${i + 1}`, line }))
        .filter(({ line }) => /\.limit\(\s*\d+\s*\)/.test(line))
        .map(({ where, line }) => `${where}: ${line.trim()}`),
    );
    expect(bound, 'write .limit(ONE_ROW) or .limit(sql.lit(n)) instead').toEqual([]);
  });
});
