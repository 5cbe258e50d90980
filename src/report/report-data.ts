/**
 * What the HTML report and the live dashboard show, as plain data: the contract between the builders (a plan and its
 * before/after figures, a watch round) and the renderers (render-report.ts, the browser code in report-client.ts).
 * Per-OSD figures are arrays in one OSD order (ids[i] is the OSD of before[i], after[i], ...), so a 10,000-OSD cluster
 * stays a few hundred KB of JSON.
 */
import type { SimReport } from '../sim/sim-result.js';
import type { EncodedOps } from './encode-ops.js';

export interface ReportPool {
  id: number;
  name: string;
  pgs: number;
  /** Ceph's read_balance score_acting before and after (null: none, e.g. an erasure-coded pool, or not known yet). */
  scoreBefore: number | null;
  scoreAfter: number | null;
  /** The busiest OSD's primaries in this pool, before and after the plan. */
  maxBefore: number;
  maxAfter: number;
  /** The smallest maximum any assignment reaches (null: not planned or not known). */
  optimum: number | null;
  moves: number;
  cleanups: number;
  /** balanced / budget-limited / skipped, or anything a live view says. */
  status: string;
  /** Why a pool was skipped. */
  reason?: string;
}

export interface ReportOsds {
  ids: number[];
  /** Index into ReportData.hosts.names (-1: not under a host). */
  host: number[];
  /** Acting primaries over every reported pool, before and after. */
  before: number[];
  after: number[];
  /** The same per planned pool (same OSD order). */
  byPool: Array<{ pool: number; before: number[]; after: number[] }>;
}

export interface ReportData {
  /** Page title, e.g. "loadshift report". */
  title: string;
  /** When the data was made (ISO 8601, given by the caller: renderers read no clock). */
  generated: string;
  cluster: { fsid: string; epoch: number; source: string };
  policy: string;
  /** The plan's status (balanced / improved / budget-limited) or a live state. */
  status: string;
  notes: string[];
  warnings: string[];
  pools: ReportPool[];
  osds: ReportOsds;
  hosts: { names: string[]; before: number[]; after: number[] };
  ops: EncodedOps;
  /** The simulator's comparison of the plans, when it ran. */
  sim?: SimReport;
  /** Lines the simulated gain is summarised in (e.g. "p99 12.1 -> 4.3 ms"), when it ran. */
  simSummary?: string[];
  /** Measured mean read latency per OSD (ms, osds order; -1: not measured): the live dashboard. */
  osdLatencyMs?: number[];
}
