import type { ClusterView } from './cluster-view.js';
/**
 * The JSON of `GET /api/state`: what the last round saw, decided and did. The dashboard (report) renders it; keep it
 * plain, JSON-serialisable and additive (new fields only).
 */
import type { ActiveCondition } from '../policy/policy-env.js';

export interface ApiPoolState {
  id: number;
  name: string;
  /** Ceph's read_balance.score_acting as the monitor reports it (`osd pool ls detail`); null for EC pools. */
  score: number | null;
  /** Why the round did not touch the pool (a health gate), when it did not. */
  paused: string | null;
  /** Acting primaries per OSD id in this pool. */
  primaries: Record<string, number>;
}

export interface ApiOp {
  pgid: string;
  /** `set` names `osd`; `remove` clears the pg_upmap_primaries entry. */
  op: 'set' | 'remove';
  osd: number | null;
  from: number;
  to: number;
  reason: string;
  /** What happened: sent and accepted, refused by the monitor, or not sent (guard, stop, dry). */
  result: 'accepted' | 'rejected' | 'not-sent';
}

export interface WatchApiState {
  /** loadshift-watch-api/1 */
  format: 'loadshift-watch-api';
  version: 1;
  fsid: string;
  /** Round number (counts from 1 over the state file's life). */
  round: number;
  /** When the round started and ended (ISO 8601). */
  startedAt: string;
  endedAt: string;
  /** osdmap epoch the round decided on, and after its batch. */
  epoch: number;
  epochAfter: number;
  policy: string;
  /** ok: applied or nothing to do; paused: guards refused; error: the round failed (see `error`). */
  status: 'ok' | 'guarded' | 'error';
  error: string | null;
  pools: ApiPoolState[];
  /** Acting primaries per OSD id, all replicated pools together. */
  primariesPerOsd: Record<string, number>;
  /** Mean read latency per OSD over the round (ms), OSD id → ms. */
  readLatencyMs: Record<string, number>;
  conditions: ActiveCondition[];
  /** The last round's plan ops (at most --max-changes-per-round) and what became of each. */
  ops: ApiOp[];
  /** Primary-affinity values of the round (method affinity: clients that ignore pg-upmap-primary), 16.16. */
  affinity?: ApiAffinityOp[];
  /** Which lever the round used, and why when it was not the operator's choice. */
  method?: { used: 'upmap-primary' | 'affinity'; why?: string };
  /** Pools whose moves were below the threshold. */
  rejected: Array<{ pool: string; ops: number; why: string }>;
  /** PGs skipped this round (scrubbing, not clean, foreign entry) by reason, counted. */
  skipped: Record<string, number>;
  /** Preflight guard findings that refused (empty when every guard passed). */
  guards: string[];
  /** Duration of each phase in ms (gather, map, policy, plan, apply, total). */
  timingsMs: Record<string, number>;
  /** How the placement was obtained: cache (same epoch), incremental (only entries changed), full. */
  mapping: ClusterView['mapping'];
}

export interface ApiAffinityOp {
  osd: number;
  from: number;
  to: number;
  result: 'accepted' | 'not-sent';
}
