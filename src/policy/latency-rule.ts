/**
 * The latency rule's per-OSD state machine (hysteresis). Each round, an OSD with reads is
 *   - a trigger round: latency > above_ms and > relative x the median of its device class (each test that is set);
 *   - a restore round: latency < restore_below_ms or < restore_relative x that median (either that is set);
 *   - neither (between the thresholds).
 * Inactive: `rounds` trigger rounds in a row make it active. Active: `restore_rounds` restore rounds in a row make it
 * inactive. Any other round resets the streak, so a latency oscillating between the two thresholds never toggles.
 * An active OSD without reads in a round (its share lowered to 0, it may lead nothing) counts as restoring: it can
 * only be measured again once restored, and trips again after `rounds` slow rounds if it is still slow. An inactive
 * OSD without reads resets its streak (no evidence).
 */
import type { ConditionState, LatencyRound, PolicyState } from './policy-env.js';
import type { LatencyRule } from './policy-spec.js';

export type LatencyVerdict = 'trigger' | 'restore' | 'neutral';

export interface LatencyOutcome {
  /** The rule's conditions after this round (keys `latency#<index>:osd.<id>`); only OSDs with something to keep. */
  conditions: Record<string, ConditionState>;
  /** Active OSDs and why. */
  active: Array<{ osd: number; reason: string }>;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Median read latency per device class ('' for OSDs without one) over the OSDs with reads in the round. */
export function classMedians(round: LatencyRound, classOf: readonly string[]): Map<string, number> {
  const by = new Map<string, number[]>();
  for (const [id, ms] of Object.entries(round.readLatencyMs)) {
    if (!Number.isFinite(ms)) continue;
    const c = classOf[Number(id)] ?? '';
    by.set(c, [...(by.get(c) ?? []), ms]);
  }
  return new Map([...by].map(([c, v]) => [c, median(v)]));
}

export function latencyVerdict(rule: LatencyRule, ms: number | undefined, median: number | undefined): LatencyVerdict {
  if (ms === undefined || !Number.isFinite(ms)) return 'neutral';
  const med = median ?? ms;
  const slow =
    (rule.aboveMs === undefined || ms > rule.aboveMs) && (rule.relative === undefined || ms > rule.relative * med);
  if (slow) return 'trigger';
  const fast =
    (rule.restoreBelowMs !== undefined && ms < rule.restoreBelowMs) ||
    (rule.restoreRelative !== undefined && ms < rule.restoreRelative * med);
  return fast ? 'restore' : 'neutral';
}

/** One state transition (pure): the condition after a round with this verdict. */
export function nextCondition(
  rule: LatencyRule,
  prev: ConditionState,
  verdict: LatencyVerdict,
  hasReads: boolean,
  at: number,
): ConditionState {
  if (!prev.active) {
    if (verdict !== 'trigger') return { active: false, streak: 0, since: prev.since };
    const streak = prev.streak + 1;
    return streak >= rule.rounds
      ? { active: true, streak: 0, since: at }
      : { active: false, streak, since: prev.since };
  }
  if (verdict !== 'restore' && hasReads) return { active: true, streak: 0, since: prev.since };
  const streak = prev.streak + 1;
  return streak >= rule.restoreRounds
    ? { active: false, streak: 0, since: at }
    : { active: true, streak, since: prev.since };
}

const keyOf = (index: number, osd: number) => `latency#${index}:osd.${osd}`;

/**
 * Folds the last latency round into the rule's conditions (when `advance`; else keeps them) and lists the active
 * OSDs. `osds`: the OSDs that exist.
 */
export function stepLatencyRule(
  rule: LatencyRule,
  index: number,
  round: LatencyRound | undefined,
  state: PolicyState,
  osds: readonly number[],
  classOf: readonly string[],
  advance: boolean,
): LatencyOutcome {
  const conditions: Record<string, ConditionState> = {};
  const active: Array<{ osd: number; reason: string }> = [];
  const medians = round ? classMedians(round, classOf) : new Map<string, number>();
  for (const osd of osds) {
    const key = keyOf(index, osd);
    const prev = state.conditions[key] ?? { active: false, streak: 0, since: 0 };
    const ms = round?.readLatencyMs[String(osd)];
    const med = medians.get(classOf[osd] ?? '');
    const next =
      advance && round !== undefined
        ? nextCondition(rule, prev, latencyVerdict(rule, ms, med), ms !== undefined, round.at)
        : prev;
    if (next.active || next.streak > 0) conditions[key] = next;
    if (next.active) {
      const seen =
        ms === undefined ? 'no reads this round' : `${ms.toFixed(2)} ms, class median ${(med ?? ms).toFixed(2)} ms`;
      const restoring = next.streak > 0 ? `, restoring ${next.streak}/${rule.restoreRounds}` : '';
      active.push({ osd, reason: `slow reads (${seen}${restoring}); share x${rule.factor}` });
    }
  }
  return { conditions, active };
}
