/**
 * What the two Chromium optimizer benches share: the synthetic log (the same as bench/optimizer.bench.ts's), the
 * renderer processes' CPU time, medians and the load average.
 */
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { packItems, syntheticLog, toTrainingItems } from '../../src/domain/optimizer';
import type { PlainItems } from './bench-page.ts';
import { SIZES, TRUTH, logOptions } from './synthetic-learner.ts';

export { SIZES, TRUTH, logOptions };

/** The log of `answers` answers as training items, made exactly as bench/optimizer.bench.ts makes them. */
export function trainingItems(answers: number): PlainItems {
  const packed = packItems(
    toTrainingItems(syntheticLog(logOptions(answers)), { utcOffsetMinutes: () => 60 }),
  );
  return {
    ratings: Array.from(packed.ratings),
    deltaTs: Array.from(packed.deltaTs),
    lengths: Array.from(packed.lengths),
  };
}

/** Linux clock ticks per second for /proc/<pid>/stat (USER_HZ, 100 on every mainstream architecture). */
const TICKS_PER_SECOND = 100;

type ProcStat = { pid: number; ppid: number; cpuMs: number; renderer: boolean };

/** Every process's parent and CPU time (user + system, all threads); the command line tells renderers apart. */
function processes(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name (field 2) may hold spaces and parentheses: fields after it start past the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      stats.push({
        pid: Number(name),
        ppid: Number(fields[1]),
        cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND,
        renderer: cmdline.includes('--type=renderer'),
      });
    } catch {
      // The process ended while we read: not ours to count.
    }
  }
  return stats;
}

/** CPU ms used so far by the renderer processes of the Chromium this Node process started (its descendants). */
export function rendererCpuMs(): number {
  const all = processes();
  const children = new Map<number, ProcStat[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  let total = 0;
  const stack = [...(children.get(process.pid) ?? [])];
  while (stack.length > 0) {
    const p = stack.pop();
    if (!p) break;
    if (p.renderer) total += p.cpuMs;
    stack.push(...(children.get(p.pid) ?? []));
  }
  return total;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};

export const loadavg = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

export const verdict = (ms: number, target: number) => (ms <= target ? 'met' : 'MISSED');
