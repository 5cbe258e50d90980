import type { Plan } from '../balance/plan.js';
import { buildReportData } from '../report/build-report-data.js';
import { renderReport } from '../report/render-report.js';
import type { SimReport } from '../sim/sim-result.js';
import { chartLib } from './chart-lib.js';
import type { LoadedCluster } from './load-cluster.js';
import { emitOutput } from './output.js';
import { planScores } from './plan.js';
import type { Steps } from './steps.js';

export interface WrittenReport {
  path: string;
  bytes: number;
}

/** Renders a plan's HTML report (and the simulator's comparison, when given) and writes it atomically. */
export async function writeReport(
  plan: Plan,
  cluster: LoadedCluster,
  where: { path: string; source: string; sim?: SimReport; simSummary?: string[] },
  steps: Steps,
): Promise<WrittenReport> {
  const html = await steps.run('rendering the report', () => {
    const { before, after } = planScores(plan, cluster);
    const data = buildReportData(plan, before, after, {
      generated: new Date().toISOString(),
      source: where.source,
      ...(where.sim ? { sim: where.sim } : {}),
      ...(where.simSummary ? { simSummary: where.simSummary } : {}),
    });
    return renderReport(data, chartLib());
  });
  emitOutput(html, where.path);
  return { path: where.path, bytes: Buffer.byteLength(html) };
}

export const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
