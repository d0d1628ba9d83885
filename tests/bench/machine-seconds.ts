import { readFileSync, readdirSync } from 'node:fs';
import { processCpuTimeMs } from './server-process.js';
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
  /**
   * Of which its JavaScript thread's, ms (null where threads cannot be read). The rest is V8's
   * collector and compiler threads, the libuv pool and worker threads (SQLite's WAL checkpoint).
   */
  serverMainCpuMs: number | null;
  /** CPU time of the bench process (the load generator's thread and the event streams), ms. */
  generatorCpuMs: number;
  /** CPU time of everything else on the machine (PostgreSQL, HAProxy), ms. */
  otherCpuMs: number;
  /**
   * Of which the kinds of process that took the most, most first (processKind): which of PostgreSQL's
   * processes, the kernel's threads, another program. A process that starts and ends between two
   * readings is not seen, so these can add up to less than otherCpuMs.
   */
  otherByKind?: KindCpu[];
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

/**
 * What a process is, for the log: PostgreSQL names each of its processes in its command line
 * ("postgres: walwriter", "postgres: autovacuum worker", "postgres: user db [local] SELECT" for a
 * connection's backend); kernel threads have none.
 */
export function processKind(comm: string, cmdline: string): string {
  const postgres =
    /^postgres: (autovacuum worker|autovacuum launcher|walwriter|background writer|checkpointer|walsender|logical replication launcher|logical replication worker|parallel worker)/.exec(
      cmdline,
    );
  if (postgres) return `PostgreSQL ${postgres[1]}`;
  if (cmdline.startsWith('postgres: ')) return 'PostgreSQL connections';
  if (cmdline === '') return 'kernel threads';
  return comm;
}

/** One process's kind (processKind) and CPU time, or one kind's CPU time in a second, ms. */
interface KindCpu {
  kind: string;
  cpuMs: number;
}

/** Each process's kind and CPU time so far, but those in `leaveOut` (the server and the bench). */
function processCpu(leaveOut: ReadonlySet<number>, kinds: Map<number, string>): Map<number, KindCpu> {
  const processes = new Map<number, KindCpu>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return processes;
  }
  for (const name of pids) {
    const pid = Number(name);
    if (leaveOut.has(pid)) continue;
    const cpuMs = processCpuTimeMs(pid);
    if (cpuMs === null) continue;
    let kind = kinds.get(pid);
    if (kind === undefined) {
      try {
        const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
        kind = processKind(comm, readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim());
      } catch {
        continue; // It ended while being read.
      }
      kinds.set(pid, kind);
    }
    processes.set(pid, { kind, cpuMs });
  }
  return processes;
}

/** How many kinds of process a second names besides the server and the bench. */
const KINDS_SHOWN = 3;

/** The CPU each kind of process used between two readings, most first, the first `KINDS_SHOWN`. */
function byKindBetween(before: Map<number, KindCpu>, after: Map<number, KindCpu>): KindCpu[] {
  const byKind = new Map<string, number>();
  for (const [pid, now] of after) {
    // A process started since the last reading: all its time falls in this second.
    const used = now.cpuMs - (before.get(pid)?.cpuMs ?? 0);
    if (used > 0) byKind.set(now.kind, (byKind.get(now.kind) ?? 0) + used);
  }
  return [...byKind]
    .map(([kind, cpuMs]) => ({ kind, cpuMs }))
    .sort((a, b) => b.cpuMs - a.cpuMs)
    .slice(0, KINDS_SHOWN);
}

interface Reading {
  serverMs: number;
  serverMainMs: number | null;
  generatorMs: number;
  busyMs: number;
  diskMs: number;
  processes: Map<number, KindCpu>;
}

/** How the server's CPU time is read (server-process.ts): the whole process, and by thread. */
export interface ServerCpu {
  cpuTimeMs(): number | null;
  /** The server's process id: its JavaScript thread's id too. */
  pid?: number;
  threadCpuTimesMs?(): Map<number, number> | null;
}

/**
 * Reads the machine once a second from now until `stop()`, which returns one MachineSecond for each
 * second in turn (the i-th is the window's i-th second when started with it). A process reading
 * that fails counts as 0.
 */
export function watchMachineSeconds(server: ServerCpu): { stop(): MachineSecond[] } {
  const disks = diskNames();
  const leaveOut = new Set([process.pid, ...(server.pid === undefined ? [] : [server.pid])]);
  const kinds = new Map<number, string>();
  const read = (): Reading => {
    const { idle, total } = machineCpuTimes();
    const own = process.cpuUsage();
    return {
      serverMs: server.cpuTimeMs() ?? 0,
      serverMainMs: server.pid === undefined ? null : (server.threadCpuTimesMs?.()?.get(server.pid) ?? null),
      generatorMs: (own.user + own.system) / 1000,
      busyMs: total - idle,
      diskMs: diskBusyMsSinceBoot(disks),
      processes: processCpu(leaveOut, kinds),
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
      serverMainCpuMs:
        now.serverMainMs === null || last.serverMainMs === null ? null : now.serverMainMs - last.serverMainMs,
      generatorCpuMs: generator,
      // The readings are taken microseconds apart and counted in 10-ms ticks: never below 0.
      otherCpuMs: Math.max(0, now.busyMs - last.busyMs - server - generator),
      diskBusyMs: now.diskMs - last.diskMs,
      otherByKind: byKindBetween(last.processes, now.processes),
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
  const { serverCpuMs, serverMainCpuMs, generatorCpuMs, otherCpuMs, otherByKind, diskBusyMs } = second;
  const server = `${serverCpuMs.toFixed(0)}${serverMainCpuMs === null ? '' : ` (JS ${serverMainCpuMs.toFixed(0)})`}`;
  const cpu = [server, generatorCpuMs.toFixed(0), otherCpuMs.toFixed(0)].join(' / ');
  const others = otherByKind?.length
    ? `; other by process: ${otherByKind.map(({ kind, cpuMs }) => `${kind} ${cpuMs.toFixed(0)}`).join(', ')} ms`
    : '';
  return `CPU ${cpu} ms (server with its JavaScript thread in brackets / load / other), disk busy ${diskBusyMs.toFixed(0)} ms${others}`;
}
