import { readFileSync, readdirSync } from 'node:fs';
import { machineCpuTimes } from './settle.js';

/**
 * What the machine did in one second of a measured window. A bad second on this 2-core virtual machine
 * has had three causes besides the server's own work, and each shows here: the server, PostgreSQL and
 * the load generator wanting more CPU than the cores have (the CPU figures add up to 2,000 ms); the
 * virtual disk stalling (on the hospital bench on PostgreSQL, a second whose disk was busy for 300 ms
 * had a p90 of 134 ms, against 20 ms around it: every commit waits for its WAL to reach the disk); or
 * neither, when the machine itself ran slow (machine-speed.ts).
 */
export interface MachineSecond {
  /** CPU time of the server's process (all its threads), ms. */
  serverCpuMs: number;
  /** CPU time of the bench process (the load generator's thread and the event streams), ms. */
  generatorCpuMs: number;
  /** CPU time of everything else on the machine (PostgreSQL, HAProxy), ms. */
  otherCpuMs: number;
  /** How long the machine's disks had I/O in flight, ms (at most 1,000 a disk). */
  diskBusyMs: number;
}

/** Whole disks (not partitions, loop or RAM devices), whose I/O time /proc/diskstats counts. */
function diskNames(): Set<string> {
  try {
    return new Set(readdirSync('/sys/block').filter((name) => !/^(loop|ram|zram)/.test(name)));
  } catch {
    return new Set();
  }
}

/** Milliseconds the given disks have had I/O in flight since boot (field 10 of /proc/diskstats). */
function diskBusyMsSinceBoot(disks: Set<string>): number {
  try {
    let ms = 0;
    for (const line of readFileSync('/proc/diskstats', 'utf8').split('\n')) {
      const fields = line.trim().split(/\s+/);
      if (fields[2] !== undefined && disks.has(fields[2])) ms += Number(fields[12]) || 0;
    }
    return ms;
  } catch {
    return 0;
  }
}

interface Reading {
  serverMs: number;
  generatorMs: number;
  busyMs: number;
  diskMs: number;
}

/**
 * Reads the machine once a second from now until `stop()`, which returns one MachineSecond for each
 * second in turn (the i-th is the window's i-th second when started with it). `serverCpuMs` reads the
 * server's CPU time so far (server-process.ts); null readings count as 0.
 */
export function watchMachineSeconds(serverCpuMs: () => number | null): { stop(): MachineSecond[] } {
  const disks = diskNames();
  const read = (): Reading => {
    const { idle, total } = machineCpuTimes();
    const own = process.cpuUsage();
    return {
      serverMs: serverCpuMs() ?? 0,
      generatorMs: (own.user + own.system) / 1000,
      busyMs: total - idle,
      diskMs: diskBusyMsSinceBoot(disks),
    };
  };
  const seconds: MachineSecond[] = [];
  let last = read();
  const timer = setInterval(() => {
    const now = read();
    const server = now.serverMs - last.serverMs;
    const generator = now.generatorMs - last.generatorMs;
    seconds.push({
      serverCpuMs: server,
      generatorCpuMs: generator,
      // The readings are taken microseconds apart and counted in 10-ms ticks: never below 0.
      otherCpuMs: Math.max(0, now.busyMs - last.busyMs - server - generator),
      diskBusyMs: now.diskMs - last.diskMs,
    });
    last = now;
  }, 1000);
  return {
    stop() {
      clearInterval(timer);
      return seconds;
    },
  };
}

/** One second's readings as a log line reads them. */
export function machineSecondText(second: MachineSecond | undefined): string {
  if (!second) return 'not read';
  const { serverCpuMs, generatorCpuMs, otherCpuMs, diskBusyMs } = second;
  const cpu = [serverCpuMs, generatorCpuMs, otherCpuMs].map((ms) => ms.toFixed(0)).join(' / ');
  return `CPU ${cpu} ms (server / load / other), disk busy ${diskBusyMs.toFixed(0)} ms`;
}
