import { answerInTurns } from '../db/answer-in-turns.js';

/**
 * Reads that arrive together wait for one shared write of their audit rows (services/audit.ts,
 * auditRead): one transaction, one turn of the audit chain's lock and one insert for all of them,
 * instead of one each with every reader queued behind the chain head. Each read is still answered
 * only once its row is committed. While one batch is being written, the next one gathers.
 */
export class ReadAuditBatch<Row> {
  private waiting: { row: Row; resolve: () => void; failed: (error: unknown) => void }[] = [];
  private writing = false;

  /** `maxRows` keeps one insert within SQLite's limit on bound values (12 a row). */
  constructor(
    private readonly write: (rows: Row[]) => Promise<void>,
    private readonly maxRows = 500,
  ) {}

  /** Resolves once the row is committed; rejects with the batch's error if its write failed. */
  add(row: Row): Promise<void> {
    return new Promise((resolve, failed) => {
      this.waiting.push({ row, resolve, failed });
      if (this.writing) return;
      this.writing = true;
      // The rest of this turn's reads join the batch.
      setImmediate(() => void this.writeWaiting());
    });
  }

  private async writeWaiting(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxRows);
      try {
        await this.write(batch.map((w) => w.row));
        // A few reads a turn: each goes on to build and send its answer.
        answerInTurns(batch);
      } catch (error) {
        for (const w of batch) w.failed(error);
      }
    }
    this.writing = false;
  }
}
