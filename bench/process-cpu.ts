import { readdirSync, readFileSync } from 'node:fs';

// Linux reports process CPU time in clock ticks; USER_HZ is 100 on every mainstream kernel.
const ticksPerSecond = 100;

interface Stat {
  pid: number;
  ppid: number;
  comm: string;
  ticks: number;
}

function readStat(pid: string): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces and parentheses; the fields after its last ')' are fixed.
    const close = text.lastIndexOf(')');
    const fields = text.slice(close + 2).split(' ');
    return { pid: Number(pid), comm: text.slice(text.indexOf('(') + 1, close), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
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
export function cpuByComponent(): Record<string, number> {
  let stats: Stat[];
  try {
    stats = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(readStat).filter((s): s is Stat => s !== null);
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

export function cpuDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([name, seconds]) => [name, Math.round((seconds - (before[name] ?? 0)) * 100) / 100]));
}
