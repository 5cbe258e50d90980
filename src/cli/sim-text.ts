import type { SimReport, SimRun } from '../sim/sim-result.js';
import { textTable } from './text-table.js';

const ms = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

function busiest(r: SimRun): { osd: number; utilisation: number } {
  let best = { osd: -1, utilisation: 0 };
  for (const o of r.osds) if (o.utilisation > best.utilisation) best = o;
  return best;
}

/** The comparison as a table: one row per plan, saturation relative to the first (CRUSH as is). */
export function renderSimText(rep: SimReport): string {
  const base = rep.runs[0]?.saturationIops ?? 0;
  const rows = rep.runs.map((r) => {
    const b = busiest(r);
    const gain =
      base > 0 ? `${r.saturationIops >= base ? '+' : ''}${((r.saturationIops / base - 1) * 100).toFixed(1)}%` : '-';
    return [
      r.label,
      String(r.changes),
      Math.round(r.saturationIops).toString(),
      gain,
      Math.round(r.iops).toString(),
      ms(r.latency.mean),
      ms(r.latency.p50),
      ms(r.latency.p99),
      ms(r.latency.p999),
      b.osd >= 0 ? `${(b.utilisation * 100).toFixed(1)}% osd.${b.osd}` : '-',
    ];
  });
  const head = `workload: ${rep.workload}\n${rep.reads} simulated reads per plan, seed ${rep.seed}\n\n`;
  const table = textTable(
    [
      'plan',
      'changes',
      'saturation reads/s',
      'vs crush',
      'reads/s',
      'mean ms',
      'p50 ms',
      'p99 ms',
      'p99.9 ms',
      'busiest OSD',
    ],
    rows,
  );
  return `${head}${table}\nsaturation: the highest read rate every OSD (and slow link) can sustain, from its demand per read\n`;
}
