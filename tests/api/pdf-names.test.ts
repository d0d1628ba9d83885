import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { admitBody, useApiServer } from '../support/api.js';
import { selectAll } from '../support/sqlite-counts.js';
import { SESSION_COOKIE, TrpcHttp, dataOf } from '../support/trpc-http.js';

/**
 * Printouts carry names as written (issue 11, item 9): the downtime sheet of Detox South, read back
 * with pdftotext, names a Vietnamese (demo bed S1), a Chinese and an Arabic patient exactly.
 */
const api = useApiServer({ login: [] });
let south: TrpcHttp;
let southUnitId: number;

const VIETNAMESE = 'Nguyễn Văn Ân';
const CHINESE = '王秀英';
const ARABIC = 'محمد عبد الله';

function pdfToText(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'detox-pdf-'));
  try {
    const file = path.join(dir, 'sheet.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  south = new TrpcHttp(api.server.url);
  await south.login('nurse-south', 'demo-nurse-south');
  southUnitId = selectAll<{ id: number }>(api.sqlitePath, "select id from unit where name = 'Detox South'")[0]?.id ?? 0;
  dataOf(
    await south.mutate(
      'admissions.admit',
      admitBody(southUnitId, 'S3', 'DS-PDF-1', {
        patient: { mrn: 'DS-PDF-1', name: CHINESE, birthDate: '1979-03-02' },
      }),
    ),
  );
  dataOf(
    await south.mutate(
      'admissions.admit',
      admitBody(southUnitId, 'S5', 'DS-PDF-2', { patient: { mrn: 'DS-PDF-2', name: ARABIC, birthDate: '1985-11-20' } }),
    ),
  );
});

describe('names in printouts', () => {
  it('the downtime sheet prints Vietnamese, Chinese and Arabic names as written', async () => {
    const res = await fetch(`${api.server.url}/reports/downtime.pdf?unitId=${southUnitId}`, {
      headers: { cookie: `${SESSION_COOKIE}=${south.cookie}` },
    });
    expect(res.status).toBe(200);
    const text = pdfToText(Buffer.from(await res.arrayBuffer())).normalize('NFC');
    expect(text).toContain(VIETNAMESE);
    expect(text).toContain(CHINESE);
    // pdftotext gives right-to-left text in reading order; each word must be there, none replaced by "?".
    for (const word of ARABIC.split(' ')) expect(text).toContain(word);
    expect(text).not.toMatch(/Nguy\?n|\?{2,}/);
  });
});
