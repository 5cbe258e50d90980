/**
 * The latency rule's hysteresis: it trips after `rounds` slow rounds in a row, restores after `restore_rounds` fast
 * rounds in a row, never toggles on a latency that stays between the two thresholds, and counts a round once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConditionState, LatencyRound, PolicyState } from '../../../src/policy/policy-env.js';
import { emptyPolicyState } from '../../../src/policy/policy-env.js';
import { evaluatePolicyFile } from '../../../src/policy/evaluate-policy-file.js';
import { nextCondition, latencyVerdict, stepLatencyRule } from '../../../src/policy/latency-rule.js';
import { parsePolicyFile } from '../../../src/policy/parse-policy-file.js';
import type { LatencyRule } from '../../../src/policy/policy-spec.js';
import { loadSnap } from '../balance/plan-fixtures.js';

const rule: LatencyRule = { kind: 'latency', aboveMs: 5, restoreBelowMs: 2, rounds: 2, restoreRounds: 3, factor: 0 };
const OFF: ConditionState = { active: false, streak: 0, since: 0 };

/** Runs one OSD's latency series (undefined: no reads) through the state machine; the `active` flag per round. */
function run(r: LatencyRule, series: Array<number | undefined>, start: ConditionState = OFF): boolean[] {
  let s = start;
  return series.map((ms, i) => {
    s = nextCondition(r, s, latencyVerdict(r, ms, ms), ms !== undefined, i + 1);
    return s.active;
  });
}

describe('latency state machine', () => {
  it('trips on the Nth slow round in a row and restores on the Mth fast round in a row', () => {
    expect(run(rule, [6, 6, 6, 1, 1, 1, 1])).toEqual([false, true, true, true, true, false, false]);
    // a fast round in between restarts the count
    expect(run(rule, [6, 1, 6, 1, 6, 6])).toEqual([false, false, false, false, false, true]);
    // a round between the thresholds resets the restore count
    expect(run(rule, [6, 6, 1, 1, 3, 1, 1, 1])).toEqual([false, true, true, true, true, true, true, false]);
  });

  it('never toggles while the latency stays between restore_below_ms and above_ms (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 2, max: 5, noNaN: true }), { maxLength: 60 }),
        fc.boolean(),
        (series, active) => {
          const start: ConditionState = { active, streak: 0, since: 0 };
          expect(run(rule, series, start).every((a) => a === active)).toBe(true);
        },
      ),
    );
  });

  it('never trips on slow spells shorter than `rounds` (property)', () => {
    const r: LatencyRule = { ...rule, rounds: 3 };
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 1, max: 2 }),
            fc.double({ min: 5.001, max: 100, noNaN: true }),
            fc.double({ min: 0, max: 5, noNaN: true }),
          ),
          { maxLength: 30 },
        ),
        (spells) => {
          const series = spells.flatMap(([n, slow, ok]) => [...Array<number>(n).fill(slow), ok]);
          expect(run(r, series).some(Boolean)).toBe(false);
        },
      ),
    );
  });

  it('once tripped, restores after exactly restore_rounds fast rounds, not before (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), (n, m) => {
        const r: LatencyRule = { ...rule, rounds: n, restoreRounds: m };
        const flags = run(r, [...Array<number>(n).fill(9), ...Array<number>(m).fill(1)]);
        expect(flags.indexOf(true)).toBe(n - 1);
        expect(flags.lastIndexOf(true)).toBe(n + m - 2);
      }),
    );
  });

  it('an active OSD without reads (it leads nothing) counts as restoring; an inactive one restarts its count', () => {
    expect(run(rule, [9, 9, undefined, undefined, undefined])).toEqual([false, true, true, true, false]);
    expect(run(rule, [9, undefined, 9, 9])).toEqual([false, false, false, true]);
  });

  it('relative: slow against the median of its device class only, so a cluster-wide slowdown trips nothing', () => {
    const demo = loadSnap('demo');
    const classOf = demo.crush.devices.map((d) => d.deviceClass ?? '');
    const r: LatencyRule = {
      kind: 'latency',
      aboveMs: 5,
      relative: 3,
      restoreBelowMs: 2,
      restoreRelative: 2,
      rounds: 1,
      restoreRounds: 1,
      factor: 0,
    };
    const osds = Array.from({ length: 12 }, (_, i) => i);
    const round = (ms: Record<string, number>): LatencyRound => ({ at: 1, readLatencyMs: ms });
    const hdd10 = Object.fromEntries(osds.slice(0, 6).map((o) => [String(o), 10]));
    const ssd1 = Object.fromEntries(osds.slice(6).map((o) => [String(o), 1]));
    // every hdd at 10 ms: over above_ms, but not over 3x their median; the ssds are fast
    let out = stepLatencyRule(r, 0, round({ ...hdd10, ...ssd1 }), emptyPolicyState(), osds, classOf, true);
    expect(out.active).toEqual([]);
    // one ssd at 10 ms among ssds at 1 ms: over both thresholds
    out = stepLatencyRule(r, 0, round({ ...hdd10, ...ssd1, 7: 10 }), emptyPolicyState(), osds, classOf, true);
    expect(out.active.map((a) => a.osd)).toEqual([7]);
    expect(Object.keys(out.conditions)).toEqual(['latency#0:osd.7']);
  });
});

describe('latency rules through the evaluator', () => {
  const demo = loadSnap('demo');
  const parsed = parsePolicyFile(
    'policy: even\nrules:\n  - latency: {above_ms: 5, rounds: 2, restore_below_ms: 2, restore_rounds: 2}\n',
    'p.yaml',
  );
  if ('problems' in parsed) throw new Error('bad policy');
  const spec = parsed.spec;
  const round = (at: number, osd7: number): LatencyRound => ({
    at,
    readLatencyMs: Object.fromEntries(Array.from({ length: 12 }, (_, o) => [String(o), o === 7 ? osd7 : 1])),
  });

  /** Rounds through evaluatePolicyFile, the state through JSON as the daemon's state file keeps it. */
  function rounds(series: number[]): Array<{ factor7: number; state: PolicyState }> {
    let state = emptyPolicyState();
    const history: LatencyRound[] = [];
    return series.map((ms, i) => {
      history.push(round((i + 1) * 60_000, ms));
      const r = evaluatePolicyFile(spec, demo, { now: (i + 1) * 60_000, latency: history, state });
      if ('problems' in r) throw new Error('problems');
      state = JSON.parse(JSON.stringify(r.state)) as PolicyState;
      return { factor7: r.factors[7]!, state };
    });
  }

  it('takes the slow OSD to factor 0 and back, with its condition kept in the (JSON) state', () => {
    const out = rounds([9, 9, 1, 1, 1]);
    expect(out.map((o) => o.factor7)).toEqual([1, 0, 0, 1, 1]);
    expect(out[1]!.state).toEqual({
      conditions: { 'latency#0:osd.7': { active: true, streak: 0, since: 120_000 } },
      latencyAt: 120_000,
    });
    expect(out[4]!.state).toEqual({ conditions: {}, latencyAt: 300_000 });
  });

  it('folds a round into the state once: the same round evaluated twice counts once', () => {
    const history = [round(60_000, 9)];
    const env = { now: 60_000, latency: history, state: emptyPolicyState() };
    const first = evaluatePolicyFile(spec, demo, env);
    if ('problems' in first) throw new Error('problems');
    const again = evaluatePolicyFile(spec, demo, { ...env, state: first.state });
    if ('problems' in again) throw new Error('problems');
    expect(again.state).toEqual(first.state);
    expect(again.factors[7]).toBe(1);
  });
});
