import type { HeatFigures } from '../balance/plan.js';
import { textTable } from './text-table.js';

const f = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1));

/** The read-load section of a heat plan (or of `score --heat`): bound, gap, and per OSD measured → predicted. */
export function renderHeatText(h: HeatFigures): string {
  const out: string[] = [];
  out.push(`read load per OSD: ${h.label}\n`);
  out.push(
    `  largest load over share: ${f(h.maxBefore)} -> ${f(h.maxAfter)}; LP bound ${f(h.lpBound)}, lower bound ${f(h.lowerBound)}, gap ${f(h.gap)}` +
      `${h.exact ? ' (optimal)' : ''}; guarantee: at most LP bound + heaviest PG (${f(h.heaviest)})` +
      `${h.engine === 'count' ? '; equal heats: the count engine' : ''}\n`,
  );
  const total = h.loadBefore.reduce((a, b) => a + b, 0);
  const rows: string[][] = [];
  for (let o = 0; o < h.target.length; o++) {
    if (h.target[o] === 0 && h.loadBefore[o] === 0 && h.loadAfter[o] === 0) continue;
    const pct = (x: number) => (total > 0 ? `${((100 * x) / total).toFixed(1)}%` : '-');
    rows.push([
      `osd.${o}`,
      f(h.target[o]!),
      `${f(h.loadBefore[o]!)} (${pct(h.loadBefore[o]!)})`,
      `${f(h.loadAfter[o]!)} (${pct(h.loadAfter[o]!)})`,
    ]);
  }
  out.push(textTable(['OSD', 'SHARE', 'MEASURED', 'PREDICTED AFTER PLAN'], rows, 2));
  return out.join('');
}
