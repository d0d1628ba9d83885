import { randomUUID } from 'node:crypto';
import { COWS_18, minutesAgo } from './api.js';
import { withPostgres } from './reliability-helpers.js';
import type { TrpcHttp } from './trpc-http.js';

/**
 * Charting under load through the load balancer, as the tablets do it (issue 12, items 3 and 4):
 * every COWS carries a requestId made once by the client and a tag (its note); when the answer is
 * lost (the connection dropped, the balancer said 502/503/504) the very same body is sent again until
 * an answer comes. The server's de-duplication makes that safe; the checks below count what landed.
 */

export interface ChartedWrite {
  tag: string;
  requestId: string;
  admissionId: number;
  body: Record<string, unknown>;
  /** The assessment id of the answer, once acknowledged. */
  id?: number;
  /** How many times it was sent. */
  attempts: number;
}

export interface LoadReport {
  acked: ChartedWrite[];
  /** Writes that got an answer other than 200 that is not worth retrying, or ran out of time. */
  failed: { write: ChartedWrite; answer: string }[];
  /** Each lost answer that was retried: what the client saw. */
  retried: string[];
  ms: number;
}

/** A lost answer: the request may or may not have been saved, so it is sent again with the same requestId. */
function retryable(status: number): boolean {
  return status === 502 || status === 503 || status === 504;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends one write until it is answered (or `deadlineMs` passes), retrying lost answers with the same body. */
export async function sendUntilAnswered(
  client: TrpcHttp,
  procedure: string,
  write: ChartedWrite,
  retried: string[],
  deadlineMs = 30_000,
): Promise<{ status: number; text: string; data?: unknown }> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    write.attempts++;
    let answer: { status: number; text: string; data?: unknown };
    try {
      const res = await client.mutate(procedure, write.body);
      answer = { status: res.status, text: res.text, data: res.body.result?.data };
    } catch (error) {
      answer = { status: 0, text: error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : '' };
    }
    if (answer.status !== 0 && !retryable(answer.status)) return answer;
    retried.push(`${write.tag} attempt ${write.attempts}: ${answer.status} ${answer.text.slice(0, 120)}`);
    if (Date.now() > until) return answer;
    // A short pause, as the client does: the balancer needs a health check to drop a dead instance.
    await sleep(50 * Math.min(write.attempts, 6));
  }
}

export interface ChartingLoad {
  /** Resolves once at least `n` writes were acknowledged. */
  untilAcked(n: number): Promise<void>;
  /** Stops starting new writes, waits for those in flight to be answered, and reports. */
  finish(): Promise<LoadReport>;
  ackedSoFar(): number;
}

/**
 * `lanes` clients chart COWS one after another on the given admissions until finish() is called.
 * Each write's tag starts with `tagPrefix`.
 */
export function startChartingLoad(
  clients: TrpcHttp[],
  admissionIds: number[],
  tagPrefix: string,
  options: { pauseMs?: number } = {},
): ChartingLoad {
  const acked: ChartedWrite[] = [];
  const failed: LoadReport['failed'] = [];
  const retried: string[] = [];
  const t0 = Date.now();
  let stopping = false;
  let sequence = 0;
  const waiters: { n: number; resolve: () => void }[] = [];

  const lanes = clients.map(async (client, lane) => {
    while (!stopping) {
      const n = sequence++;
      const admissionId = admissionIds[n % admissionIds.length] as number;
      const tag = `${tagPrefix}-${lane}-${n}`;
      const write: ChartedWrite = {
        tag,
        requestId: randomUUID(),
        admissionId,
        attempts: 0,
        body: {},
      };
      write.body = {
        admissionId,
        instrument: 'COWS',
        takenAt: minutesAgo(1 + (n % 40)),
        items: { ...COWS_18 },
        note: tag,
        requestId: write.requestId,
      };
      const answer = await sendUntilAnswered(client, 'assessments.record', write, retried);
      const id = (answer.data as { id?: number } | undefined)?.id;
      if (answer.status === 200 && typeof id === 'number') {
        write.id = id;
        acked.push(write);
        for (const w of waiters.filter((w) => acked.length >= w.n)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      } else {
        failed.push({ write, answer: `${answer.status} ${answer.text.slice(0, 300)}` });
      }
      if (options.pauseMs) await sleep(options.pauseMs);
    }
  });

  return {
    untilAcked(n) {
      if (acked.length >= n) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
    async finish() {
      stopping = true;
      await Promise.all(lanes);
      return { acked, failed, retried, ms: Date.now() - t0 };
    },
    ackedSoFar: () => acked.length,
  };
}

/**
 * What the database holds for the tags of a load: every acknowledged write exactly once, with the id
 * it was acknowledged with, and no row for a tag that was never sent. Returns the problems found.
 */
export async function lostOrDuplicated(
  databaseUrl: string,
  tagPrefix: string,
  report: LoadReport,
): Promise<{ problems: string[]; rows: number; requestRows: number }> {
  const { rows, requests } = await withPostgres(databaseUrl, async (pg) => ({
    rows: (
      await pg.query<{ id: number; note: string }>(
        `select id, note from assessment where note like $1 || '-%' order by id`,
        [tagPrefix],
      )
    ).rows,
    requests: (
      await pg.query<{ request_id: string; n: string }>(
        'select request_id, count(*) as n from client_request where request_id = any($1) group by request_id',
        [report.acked.map((w) => w.requestId)],
      )
    ).rows,
  }));
  const problems: string[] = [];
  const byTag = new Map<string, number[]>();
  for (const r of rows) byTag.set(r.note, [...(byTag.get(r.note) ?? []), Number(r.id)]);
  const sent = new Set([...report.acked, ...report.failed.map((f) => f.write)].map((w) => w.tag));
  for (const w of report.acked) {
    const ids = byTag.get(w.tag) ?? [];
    if (ids.length === 0) problems.push(`lost: ${w.tag} was acknowledged as assessment ${w.id} but is not saved`);
    else if (ids.length > 1) problems.push(`duplicated: ${w.tag} saved ${ids.length} times (ids ${ids.join(', ')})`);
    else if (ids[0] !== w.id) problems.push(`${w.tag} was acknowledged as ${w.id} but saved as ${ids[0]}`);
  }
  for (const tag of byTag.keys()) if (!sent.has(tag)) problems.push(`a row with tag ${tag} that was never sent`);
  const requestRows = requests.reduce((sum, r) => sum + Number(r.n), 0);
  return { problems, rows: rows.length, requestRows };
}
