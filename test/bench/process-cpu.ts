import { readdirSync, readFileSync } from 'node:fs';

// Linux reports process CPU time in clock ticks; USER_HZ is 100 on every mainstream kernel.
const ticksPerSecond = 100;

interface Stat {
  pid: number;
  ppid: number;
  comm: string;
  ticks: number;
}

/** utime + stime, plus cutime + cstime so a backend that exits mid-phase still counts (its parent reaped it). */
function readStat(pid: string): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces and parentheses; the fields after its last ')' are fixed.
    const close = text.lastIndexOf(')');
    const fields = text.slice(close + 2).split(' ');
    return {
      pid: Number(pid),
      comm: text.slice(text.indexOf('(') + 1, close),
      ppid: Number(fields[1]),
      ticks: fields.slice(11, 15).reduce((sum, field) => sum + Number(field), 0),
    };
  } catch {
    return null;
  }
}

function component(stat: Stat): string {
  if (stat.pid === process.pid) return 'node';
  if (/temporal/i.test(stat.comm)) return 'temporal';
  if (/postgres|postmaster/i.test(stat.comm)) return 'postgres';
  return 'other';
}

/**
 * CPU seconds used so far by this process and each of its descendants, summed per component
 * (node = API + workers + load generator, temporal = the dev server, postgres = every backend).
 * Empty where /proc does not exist.
 */
function cpuByComponent(): Record<string, number> {
  let stats: Stat[];
  try {
    stats = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(readStat)
      .filter((s): s is Stat => s !== null);
  } catch {
    return {};
  }
  const children = new Map<number, Stat[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const totals: Record<string, number> = {};
  const self = stats.find((s) => s.pid === process.pid);
  const queue = self ? [self] : [];
  for (let stat = queue.pop(); stat; stat = queue.pop()) {
    const name = component(stat);
    totals[name] = (totals[name] ?? 0) + stat.ticks / ticksPerSecond;
    queue.push(...(children.get(stat.pid) ?? []));
  }
  return totals;
}

/** CPU seconds the whole machine has spent busy (not idle or waiting on I/O), every process included. */
function machineBusySeconds(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return (user + nice + system + irq + softirq + steal) / ticksPerSecond;
  } catch {
    return 0;
  }
}

/** Ours per component, and `outsideStack`: what other processes on the machine took meanwhile. */
export function cpuSnapshot(): Record<string, number> {
  const ours = cpuByComponent();
  const oursTotal = Object.values(ours).reduce((a, b) => a + b, 0);
  return { ...ours, machine: machineBusySeconds(), oursTotal };
}

export function cpuDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const delta = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
  const { machine: _machine, oursTotal: _oursTotal, ...components } = after;
  const result = Object.fromEntries(Object.keys(components).map((name) => [name, delta(name)]));
  if (after.machine) result.outsideStack = Math.max(0, delta('machine') - delta('oursTotal'));
  return Object.fromEntries(Object.entries(result).map(([name, seconds]) => [name, Math.round(seconds * 100) / 100]));
}
