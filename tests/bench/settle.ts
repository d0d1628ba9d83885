import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/** Idle and total CPU time of every core since boot, ms. */
export function machineCpuTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    idle += cpu.times.idle;
    total += cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq + cpu.times.idle;
  }
  return { idle, total };
}

/**
 * Waits until the machine has been idle (at least `idleShare` of every core) for `forS` seconds in a
 * row, or `atMostS` seconds have passed. A bench that starts right after another measures what the
 * last one left behind: its servers exiting, its gigabyte copies deleted, its database cluster
 * stopping. In a full `pnpm bench` the timeline bench (its p99 then the 3rd slowest of 300 requests)
 * started with a load average of 1.6 and measured 11.0 ms; alone on the same clone, about 5.5 ms.
 * The 1-minute load average decays too slowly to wait on: the cores' own idle time is read instead.
 */
export async function settle({ idleShare = 0.9, forS = 3, atMostS = 60 } = {}): Promise<{
  waitedS: number;
  settled: boolean;
  lastIdleShare: number;
}> {
  const started = Date.now();
  let quietSeconds = 0;
  let lastIdleShare = 0;
  let before = machineCpuTimes();
  while (Date.now() - started < atMostS * 1000) {
    await sleep(1000);
    const after = machineCpuTimes();
    lastIdleShare = (after.idle - before.idle) / Math.max(1, after.total - before.total);
    before = after;
    quietSeconds = lastIdleShare >= idleShare ? quietSeconds + 1 : 0;
    if (quietSeconds >= forS) return { waitedS: (Date.now() - started) / 1000, settled: true, lastIdleShare };
  }
  return { waitedS: (Date.now() - started) / 1000, settled: false, lastIdleShare };
}
