/** The daemon's Prometheus metrics (prom-client), one registry per daemon; names in the README's `watch` section. */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { WatchApiState } from './api-state.js';

export interface WatchMetrics {
  registry: Registry;
  /** Sets every gauge from the last round's state and counts its changes and phases. */
  record(s: WatchApiState): void;
}

export function watchMetrics(): WatchMetrics {
  const registry = new Registry();
  const r = [registry];
  const score = new Gauge({
    name: 'loadshift_pool_read_balance_score',
    help: "Ceph's read_balance score_acting per replicated pool, as the monitor reports it",
    labelNames: ['pool'] as const,
    registers: r,
  });
  const primaries = new Gauge({
    name: 'loadshift_osd_primaries',
    help: 'Acting primaries per OSD, over all replicated pools',
    labelNames: ['osd'] as const,
    registers: r,
  });
  const latency = new Gauge({
    name: 'loadshift_osd_read_latency_seconds',
    help: 'Mean read latency per OSD over the last round (delta op_r_latency sum / avgcount)',
    labelNames: ['osd'] as const,
    registers: r,
  });
  const condition = new Gauge({
    name: 'loadshift_policy_condition_active',
    help: 'Policy conditions in force (1 per active condition)',
    labelNames: ['rule', 'subject'] as const,
    registers: r,
  });
  const paused = new Gauge({
    name: 'loadshift_pool_paused',
    help: '1 when a health gate paused changes in the pool this round',
    labelNames: ['pool'] as const,
    registers: r,
  });
  const applied = new Counter({
    name: 'loadshift_changes_applied_total',
    help: 'pg-upmap-primary changes the monitor accepted',
    registers: r,
  });
  const rejected = new Counter({
    name: 'loadshift_changes_rejected_total',
    help: 'Changes not made: below the improvement threshold, refused by the monitor, or held by a guard',
    labelNames: ['reason'] as const,
    registers: r,
  });
  const rounds = new Counter({
    name: 'loadshift_rounds_total',
    help: 'Rounds run, by outcome',
    labelNames: ['status'] as const,
    registers: r,
  });
  const phase = new Histogram({
    name: 'loadshift_round_phase_seconds',
    help: 'Duration of each phase of a round (gather, map, policy, plan, apply, total)',
    labelNames: ['phase'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: r,
  });
  const epoch = new Gauge({ name: 'loadshift_osdmap_epoch', help: 'osdmap epoch of the last round', registers: r });
  const last = new Gauge({
    name: 'loadshift_last_round_timestamp_seconds',
    help: 'When the last round ended (unix seconds)',
    registers: r,
  });
  return {
    registry,
    record(s) {
      rounds.inc({ status: s.status });
      last.set(Date.parse(s.endedAt) / 1000);
      for (const [k, ms] of Object.entries(s.timingsMs)) phase.observe({ phase: k }, ms / 1000);
      if (s.status === 'error') return;
      epoch.set(s.epochAfter);
      score.reset();
      paused.reset();
      for (const p of s.pools) {
        if (p.score !== null) score.set({ pool: p.name }, p.score);
        paused.set({ pool: p.name }, p.paused === null ? 0 : 1);
      }
      primaries.reset();
      for (const [osd, n] of Object.entries(s.primariesPerOsd)) primaries.set({ osd: `osd.${osd}` }, n);
      latency.reset();
      for (const [osd, ms] of Object.entries(s.readLatencyMs)) latency.set({ osd: `osd.${osd}` }, ms / 1000);
      condition.reset();
      for (const c of s.conditions) condition.set({ rule: c.rule, subject: c.subject }, 1);
      applied.inc(s.ops.filter((o) => o.result === 'accepted').length);
      const refused = s.ops.filter((o) => o.result === 'rejected').length;
      if (refused > 0) rejected.inc({ reason: 'monitor' }, refused);
      const held = s.ops.filter((o) => o.result === 'not-sent').length;
      if (held > 0) rejected.inc({ reason: 'guard' }, held);
      const below = s.rejected.reduce((a, x) => a + x.ops, 0);
      if (below > 0) rejected.inc({ reason: 'threshold' }, below);
    },
  };
}
