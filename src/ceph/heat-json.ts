import type { HeatFigures } from '../balance/plan.js';

/** A heat plan's read-load figures for programs (per OSD: share, measured, predicted). */
export function heatJson(h: HeatFigures): Record<string, unknown> {
  const osds = [];
  for (let o = 0; o < h.target.length; o++) {
    if (h.target[o] === 0 && h.loadBefore[o] === 0 && h.loadAfter[o] === 0) continue;
    osds.push({ osd: o, share: h.target[o], measured: h.loadBefore[o], predicted: h.loadAfter[o] });
  }
  return {
    label: h.label,
    engine: h.engine,
    max_over_share: { before: h.maxBefore, after: h.maxAfter },
    lp_bound: h.lpBound,
    lower_bound: h.lowerBound,
    gap: h.gap,
    heaviest_pg: h.heaviest,
    optimal: h.exact,
    osds,
  };
}
