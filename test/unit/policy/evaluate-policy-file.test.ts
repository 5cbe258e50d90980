/**
 * The policy file evaluator on the bundled demo cluster (4 hosts in 2 racks, hdd osd.0-5, ssd osd.6-11): names
 * checked against the cluster, what each rule touches, composition order, windows, custom functions.
 */
import { describe, expect, it } from 'vitest';
import { evaluatePolicyFile, type PolicyEvaluation } from '../../../src/policy/evaluate-policy-file.js';
import type { CustomPolicyFn } from '../../../src/policy/custom-policy.js';
import { emptyPolicyState, type PolicyEnv } from '../../../src/policy/policy-env.js';
import { parsePolicyFile } from '../../../src/policy/parse-policy-file.js';
import type { PolicyProblem } from '../../../src/policy/policy-spec.js';
import { loadSnap } from '../balance/plan-fixtures.js';
import inverseLatency from '../../../examples/policies/inverse-latency.mjs';

const demo = loadSnap('demo');
// Monday 2026-03-02 10:00 in Berlin (09:00 UTC)
const MONDAY_10_BERLIN = Date.UTC(2026, 2, 2, 9, 0);
const offline: PolicyEnv = { now: MONDAY_10_BERLIN, latency: [], state: emptyPolicyState() };

function evaluate(text: string, env: PolicyEnv = offline, custom = new Map<string, CustomPolicyFn>()) {
  const p = parsePolicyFile(text, 'p.yaml');
  if ('problems' in p) throw new Error(JSON.stringify(p.problems));
  return evaluatePolicyFile(p.spec, demo, env, custom);
}
function ok(text: string, env?: PolicyEnv, custom?: Map<string, CustomPolicyFn>): PolicyEvaluation {
  const r = evaluate(text, env, custom);
  if ('problems' in r) throw new Error(JSON.stringify(r.problems));
  return r;
}
function bad(text: string, custom?: Map<string, CustomPolicyFn>): PolicyProblem {
  const r = evaluate(text, offline, custom);
  if (!('problems' in r)) throw new Error('expected a problem');
  return r.problems[0]!;
}

describe('drain targets', () => {
  it('resolves OSDs, hosts, racks and any bucket by name to OSD ids', () => {
    expect(ok('policy: even\nrules:\n  - drain: {hosts: [node2], osds: [1]}\n').policy.drained).toEqual([1, 6, 7, 8]);
    expect(ok('policy: even\nrules:\n  - drain: {racks: [rack0]}\n').policy.drained).toEqual([0, 1, 2, 3, 4, 5]);
    expect(ok('policy: even\nrules:\n  - drain: {rack: [rack1]}\n').policy.drained).toEqual([6, 7, 8, 9, 10, 11]);
    expect(
      ok('policy: even\nrules:\n  - drain: {buckets: [node3, osd.0]}\n'.replace(', osd.0', '')).policy.drained,
    ).toEqual([9, 10, 11]);
    expect(ok('policy: even\nrules:\n  - drain: {osds: ["osd.4"]}\n').policy.drained).toEqual([4]);
  });

  it('names each drained subject in the conditions and gives drained OSDs factor 0', () => {
    const r = ok('policy: even\nrules:\n  - drain: {hosts: [node2], osds: [1], reason: maintenance}\n');
    expect(r.conditions).toEqual([
      { rule: 'drain', subject: 'osd.1', reason: 'no primaries on osd.1 (maintenance)' },
      { rule: 'drain', subject: 'host node2', reason: 'no primaries on osd.6, osd.7, osd.8 (maintenance)' },
    ]);
    expect([...r.factors]).toEqual([1, 0, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1]);
  });

  it.each([
    [
      '  - drain: {hosts: [node9]}\n',
      3,
      'rules[0].drain.hosts[0]',
      'unknown host "node9" (hosts: node0, node1, node2, node3)',
    ],
    ['  - drain: {racks: [node1]}\n', 3, 'rules[0].drain.racks[0]', 'unknown rack "node1" (racks: rack0, rack1)'],
    [
      '  - drain:\n      osds: [3]\n      buckets: [rack7]\n',
      5,
      'rules[0].drain.buckets[0]',
      'unknown bucket "rack7" (buckets: default, node0, rack0, node1, node2, rack1, node3)',
    ],
    ['  - drain:\n      rows: [r1]\n', 4, 'rules[0].drain.rows[0]', 'unknown row "r1" (rows: none)'],
    ['  - drain:\n      shelves: [s1]\n', 4, 'rules[0].drain.shelves', 'TYPES'],
    ['  - drain: {osds: [12]}\n', 3, 'rules[0].drain.osds[0]', 'unknown OSD osd.12 (OSDs: 0-11)'],
    [
      '  - proportional: {by_class: {nvme: 3}}\n',
      3,
      'rules[0].proportional.by_class.nvme',
      'unknown device class "nvme" (classes: hdd, ssd)',
    ],
    [
      '  - proportional:\n      by_osd: {osd.40: 3}\n',
      4,
      'rules[0].proportional.by_osd.osd.40',
      'unknown OSD osd.40 (OSDs: 0-11)',
    ],
  ])('%j: line %i, %s', (rule, line, path, message) => {
    const p = bad(`policy: even\nrules:\n${rule}`);
    const types = [...demo.crush.typeNames.values()].filter((t) => t !== 'osd').map((t) => `${t}s`);
    const want =
      message === 'TYPES'
        ? `unknown CRUSH bucket type "shelves" (types: ${types.join(', ')}; or buckets, osds)`
        : message;
    expect(p).toEqual({ line, path, message: want });
  });
});

describe('shares', () => {
  const pool = demo.osdmap.pools.get(3)!; // p128, on every OSD
  const ctx = () => {
    const eligible = new Uint8Array(12).fill(1);
    return { osdmap: demo.osdmap, pool, placement: demo.placement.pools.get(3)!, eligible, pgCount: 128 };
  };

  it('proportional: an ssd OSD gets 3x the share of an hdd OSD; the pool total stays', () => {
    const d = ok('policy: proportional\nproportional: {by_class: {ssd: 3, hdd: 1}}\n').policy.desired(ctx());
    expect(d[6]! / d[0]!).toBeCloseTo(3, 12);
    expect(d.reduce((a, b) => a + b, 0)).toBeCloseTo(128, 9);
  });

  it('rules in force multiply in order; a custom rule sees the factors so far, so its place matters', () => {
    const double7: CustomPolicyFn = (snap) => ({ 7: (snap.osds.find((o) => o.id === 7)?.factor ?? 1) * 2 });
    const setAll: CustomPolicyFn = () => Object.fromEntries(Array.from({ length: 12 }, (_, i) => [String(i), 1]));
    const custom = new Map([
      ['./double7.mjs', double7],
      ['./flat.mjs', setAll],
    ]);
    const prop = '  - proportional: {by_class: {ssd: 3}}\n';
    const flat = '  - custom: {module: ./flat.mjs}\n';
    // flat after proportional undoes it; before it, proportional still applies
    expect(ok(`policy: even\nrules:\n${prop}${flat}`, offline, custom).factors[6]).toBe(1);
    expect(ok(`policy: even\nrules:\n${flat}${prop}`, offline, custom).factors[6]).toBe(3);
    expect(ok(`policy: even\nrules:\n${prop}  - custom: {module: ./double7.mjs}\n`, offline, custom).factors[7]).toBe(
      6,
    );
    // drain is absolute wherever it stands
    expect(ok(`policy: even\nrules:\n  - drain: {osds: [6]}\n${flat}`, offline, custom).factors[6]).toBe(0);
  });

  it('a window closed at `now` leaves its rule out; open, it applies (Berlin office hours)', () => {
    const text =
      'policy: even\nrules:\n  - proportional: {by_class: {ssd: 2}}\n    when: {days: [mon, tue, wed, thu, fri], between: "08:00-20:00", tz: Europe/Berlin}\n';
    const open = ok(text, { ...offline, now: MONDAY_10_BERLIN });
    expect(open.factors[6]).toBe(2);
    expect(open.rules[0]!.inForce).toBe(true);
    expect(open.conditions.map((c) => c.rule)).toEqual(['window', 'proportional']);
    // 19:30 UTC = 20:30 Berlin (CET): closed
    const closed = ok(text, { ...offline, now: Date.UTC(2026, 2, 2, 19, 30) });
    expect(closed.factors[6]).toBe(1);
    expect(closed.rules[0]!.inForce).toBe(false);
    expect(closed.conditions).toEqual([]);
  });

  it('latency rules are inactive offline and say so', () => {
    const r = ok('policy: even\nrules:\n  - latency: {above_ms: 5}\n');
    expect(r.notes).toEqual(['rules[0] latency: no latency history (offline), inactive']);
    expect([...r.factors].every((f) => f === 1)).toBe(true);
  });
});

describe('custom rules', () => {
  const text = 'policy: even\nrules:\n  - custom: {module: ./m.mjs, options: {floor_ms: 1}}\n';
  const withFn = (fn: CustomPolicyFn) => new Map([['./m.mjs', fn]]);

  it('pass the snapshot, history and options; the returned shares become the factors', () => {
    let seen: unknown[] = [];
    const fn: CustomPolicyFn = (snap, history, options) => {
      seen = [snap.osds.length, snap.osds[6], history.length, options];
      return { 'osd.2': 0.5, 3: 0 };
    };
    const r = ok(text, offline, withFn(fn));
    expect(seen).toEqual([
      12,
      { id: 6, class: 'ssd', up: true, in: true, primaryAffinity: 1, factor: 1 },
      0,
      { floor_ms: 1 },
    ]);
    expect([...r.factors]).toEqual([1, 1, 0.5, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it.each([
    [() => ({ 12: 1 }), 'returned a share for "12", not an OSD of this cluster'],
    [() => ({ 2: -1 }), 'returned -1 for osd.2: a share must be a finite number ≥ 0'],
    [() => ({ 2: Number.NaN }), 'returned null for osd.2'],
    [() => ({ 2: '3' }), 'returned "3" for osd.2'],
    [() => 7, 'returned number, not an object'],
    [() => Promise.resolve({}), 'returned a Promise'],
  ] as Array<[CustomPolicyFn, string]>)('refuse a bad result (%#): %s', (fn, message) => {
    const p = bad(text, withFn(fn));
    expect(p.line).toBe(3);
    expect(p.path).toBe('rules[0].custom.module');
    expect(p.message).toContain(`./m.mjs ${message}`);
  });

  it('the example module: shares inverse to mean read latency, over the history', () => {
    const history = [
      { at: 1, readLatencyMs: { 0: 1, 1: 1, 2: 4, 3: 1 } },
      { at: 2, readLatencyMs: { 0: 1, 1: 1, 2: 4, 3: 1 } },
    ];
    const r = ok(text, { now: 2, latency: history, state: emptyPolicyState() }, withFn(inverseLatency));
    expect([...r.factors.subarray(0, 5)]).toEqual([1, 1, 0.25, 1, 1]);
    // offline (no history) it changes nothing
    expect([...ok(text, offline, withFn(inverseLatency)).factors].every((f) => f === 1)).toBe(true);
  });
});
