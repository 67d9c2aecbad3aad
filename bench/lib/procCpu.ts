import fs from 'node:fs';

/** Kernel clock ticks per second; 100 on every Linux this bench runs on. */
const CLOCK_TICKS = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  pgrp: number;
  /** utime + stime, in clock ticks. */
  ticks: number;
  /** cutime + cstime: children it has waited for, in clock ticks. */
  reapedTicks: number;
}

/** Every live process's /proc/<pid>/stat, the fields the CPU figures need. */
function* processes(): Generator<ProcStat> {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // the process ended while we looked
    }
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): ppid is field 4, pgrp 5, utime 14, stime 15, cutime 16, cstime 17.
    yield {
      pid: Number(entry),
      ppid: Number(fields[1]),
      pgrp: Number(fields[2]),
      ticks: Number(fields[11]) + Number(fields[12]),
      reapedTicks: Number(fields[13]) + Number(fields[14]),
    };
  }
}

/**
 * CPU seconds (user + system) used so far by every live process in a process group, from
 * /proc/<pid>/stat. Threads (the PDF worker) are included in their process's figures.
 */
export function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const p of processes()) if (p.pgrp === pgid) ticks += p.ticks;
  return ticks / CLOCK_TICKS;
}

/**
 * CPU seconds used so far by a server process and its children (PostgreSQL's postmaster and
 * its backends and background processes), counting children that ended and were reaped too,
 * so a backend that exits within a window still counts.
 */
export function treeCpuSeconds(pid: number): number {
  let ticks = 0;
  for (const p of processes()) {
    if (p.pid === pid) ticks += p.ticks + p.reapedTicks;
    else if (p.ppid === pid) ticks += p.ticks;
  }
  return ticks / CLOCK_TICKS;
}

/** Resident memory of one process in bytes, from /proc/<pid>/statm. */
export function rssBytes(pid: number): number {
  const pages = Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
  return pages * 4096;
}

/** Busy and total jiffies of the whole machine, from the first line of /proc/stat. */
export function machineTicks(): { busy: number; total: number } {
  const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/**
 * How busy the machine is over `ms` (0-100, all cores): other work on this machine (a test
 * run, a browser) changes every figure, so the bench says so next to them.
 */
export async function machineBusyPercent(ms: number): Promise<number> {
  const before = machineTicks();
  await new Promise((r) => setTimeout(r, ms));
  const after = machineTicks();
  return ((after.busy - before.busy) / Math.max(1, after.total - before.total)) * 100;
}

/** CPU jiffies of this process and of its children that have ended (every child the bench started and stopped). */
export function ownTicks(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime, stime, cutime, cstime: fields 14-17.
  return Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
}

/** Starts counting the CPU that processes other than the bench's use; `stop` gives it in % of the machine. */
export function othersBusy(): { stop(): number } {
  const machine = machineTicks();
  const own = ownTicks();
  return {
    stop: () => {
      const after = machineTicks();
      const others = after.busy - machine.busy - (ownTicks() - own);
      return Math.max(0, (others / Math.max(1, after.total - machine.total)) * 100);
    },
  };
}
