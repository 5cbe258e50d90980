/**
 * The contract between a policy file's rules (src/policy/) and whoever evaluates them each round (`plan --policy FILE`
 * once, the `watch` daemon every round). Plain, JSON-serialisable data only: the daemon keeps `PolicyState` in its
 * state file and the latency history in memory (and on disk), the policy stays a pure function of these values.
 */

/** Per-OSD read latency seen over one round: Δ op_r_latency.sum / Δ op_r_latency.avgcount, in milliseconds. */
export interface LatencyRound {
  /** End of the round, ms since the epoch. */
  at: number;
  /** OSD id (decimal string) → mean read latency over the round in ms; an OSD without reads in the round is absent. */
  readLatencyMs: Record<string, number>;
}

/** What a rule remembers between rounds (hysteresis counters, since when a condition holds). */
export interface ConditionState {
  /** Whether the condition is active (its effect applied). */
  active: boolean;
  /** Consecutive rounds the trigger (or the restore test, while active) has held. */
  streak: number;
  /** ms since the epoch when it last changed `active`. */
  since: number;
}

export interface PolicyState {
  /** Key: rule index and subject, e.g. `latency#1:osd.7` (stable for one policy file). */
  conditions: Record<string, ConditionState>;
  /**
   * `at` of the last latency round folded into `conditions`: evaluating the same round again (a retry, a second
   * plan in one round) does not count it twice. Absent until a round is seen.
   */
  latencyAt?: number;
}

/** Everything a policy file sees besides the cluster itself. */
export interface PolicyEnv {
  /** ms since the epoch (time windows are evaluated at this instant). */
  now: number;
  /** Latency history, oldest first; the last entry is the round being decided. Empty offline. */
  latency: readonly LatencyRound[];
  /** The state the previous round returned (`emptyPolicyState()` the first time). */
  state: PolicyState;
}

/** A condition in force this round, for logs, metrics (`active policy conditions`) and the plan text. */
export interface ActiveCondition {
  /** Rule kind: `drain`, `latency`, `proportional`, `window`, `custom`. */
  rule: string;
  /** What it applies to: `osd.7`, `host node2`, `class nvme`, `*`. */
  subject: string;
  /** One line, for people. */
  reason: string;
}

export function emptyPolicyState(): PolicyState {
  return { conditions: {} };
}
