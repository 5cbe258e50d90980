/**
 * `npm run bench -- report`: the HTML report of the large maps (1,000 and 10,000 OSDs, built by the real tools):
 * the whole `loadshift report` process against `loadshift plan` on the same dumps (what the report adds), the render
 * step alone (figures before/after, data, HTML) and the file's size. Targets: under 5 s and under 5 MB at 10,000 OSDs.
 * BENCH_REPORT_RUNS (default 3) runs of each process; the median is shown.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlan } from '../src/balance/build-plan.js';
import { chartLib } from '../src/cli/chart-lib.js';
import { scorePools } from '../src/cli/score-report.js';
import { hostIndex } from '../src/cluster/host-index.js';
import { mapAllPgs } from '../src/cluster/pg-mapping.js';
import { ruleOsdsLookup } from '../src/cluster/pool-rule-osds.js';
import { affinityShares } from '../src/policy/affinity-shares.js';
import { evenPolicy } from '../src/policy/even-policy.js';
import { buildReportData } from '../src/report/build-report-data.js';
import { renderReport } from '../src/report/render-report.js';
import { bigMaps } from './big-maps.js';
import { fmtMs, REPO, timed } from './ceph-tools.js';
import { loadBenchMap } from './read-balancer-bench.js';

const CLI = join(REPO, 'dist', 'src', 'cli', 'main.js');

interface ProcessRun {
  ms: number;
  /** user + system CPU time and peak RSS, from /usr/bin/time (NaN without it): a figure a busy machine does not skew. */
  cpuMs: number;
  rssMb: number;
  ok: boolean;
}

function run(args: string[]): ProcessRun {
  const time = existsSync('/usr/bin/time');
  const cmd = time ? '/usr/bin/time' : process.execPath;
  const argv = time ? ['-f', 'LSTIME %U %S %M', process.execPath, CLI, ...args] : [CLI, ...args];
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  const m = /LSTIME ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  return {
    ms,
    cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : Number.NaN,
    rssMb: m ? Number(m[3]) / 1024 : Number.NaN,
    ok: r.status === 0,
  };
}
const fmtRun = (r: ProcessRun) => `${fmtMs(r.ms)} wall, ${fmtMs(r.cpuMs)} CPU, ${r.rssMb.toFixed(0)} MB peak RSS`;

export async function benchReport(runs = Number(process.env.BENCH_REPORT_RUNS ?? 3)): Promise<string[]> {
  const out = [
    `load average at start: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} (2 cores)`,
    '| map | report (whole process, median run) | plan --format script -o (whole process) | render step alone | file size |',
    '| --- | --- | --- | --- | --- |',
  ];
  const tmp = mkdtempSync(join(tmpdir(), 'ls-report-bench-'));
  try {
    for (const m of bigMaps()) {
      const l = loadBenchMap(m);
      const dumps = ['--osdmap', join(l.dir, 'osdmap.json'), '--crush', join(l.dir, 'crush.json')];
      const html = join(tmp, `${m.name}.html`);
      const rep: ProcessRun[] = [];
      const plan: ProcessRun[] = [];
      for (let i = 0; i < runs; i++) {
        const r = run(['report', ...dumps, '-o', html]);
        const p = run(['plan', ...dumps, '--format', 'script', '-o', join(tmp, 'plan.sh')]);
        if (!r.ok || !p.ok) throw new Error(`${m.name}: loadshift report/plan failed`);
        rep.push(r);
        plan.push(p);
      }
      const mid = (a: ProcessRun[]) => [...a].sort((x, y) => x.ms - y.ms)[Math.floor(a.length / 2)] as ProcessRun;
      // the render step in-process: figures before and after, the report's data, the HTML
      const placement = mapAllPgs(l.osdmap, l.crush);
      const hosts = hostIndex(l.osdmap, l.crush);
      const pl = buildPlan({
        osdmap: l.osdmap,
        crush: l.crush,
        placement,
        poolIds: [],
        policy: affinityShares(evenPolicy),
        hostOf: hosts.hostOf,
      });
      const lib = chartLib();
      const cpu0 = process.cpuUsage();
      const render = timed(() => {
        const c = { osdmap: l.osdmap, placement, hosts, ruleOsdsOf: ruleOsdsLookup(l.crush) };
        const poolIds = pl.pools.map((p) => p.poolId);
        const before = scorePools(c, { poolIds });
        const after = scorePools({ ...c, osdmap: pl.osdmapAfter, placement: pl.placementAfter }, { poolIds });
        const data = buildReportData(pl, before, after, { generated: new Date().toISOString(), source: m.name });
        return renderReport(data, lib).length;
      });
      const cpu = process.cpuUsage(cpu0);
      out.push(
        `| ${m.name} (${l.osdmap.maxOsd} OSDs, ${pl.ops.length} ops) | ${fmtRun(mid(rep))} | ${fmtRun(mid(plan))} | ${fmtMs(render.ms)} wall, ${fmtMs((cpu.user + cpu.system) / 1000)} CPU | ${(statSync(html).size / 1e6).toFixed(2)} MB |`,
      );
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}
