/** The crush dump parser: derived arrays, ancestors, and one precise error per kind of bad input. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCrushMap } from '../../../src/ceph/read-crush.js';
import { ancestorOfType } from '../../../src/crush/ancestor.js';
import { chooseArgsFor, findRule } from '../../../src/crush/choose-args.js';
import { calcStraws } from '../../../src/crush/straw-calc.js';
import { TUNABLES_PROFILES, tunablesProfile } from '../../../src/crush/tunables.js';
import { FIXTURES, fixtureMaps } from './fixture-cases.js';

const raw = (name: string): any => JSON.parse(readFileSync(join(FIXTURES, name, 'crush.json'), 'utf8'));
const err = (json: unknown): string => {
  try {
    parseCrushMap(json, 'm.json');
  } catch (e) {
    return `${(e as { subject: string }).subject}: ${(e as Error).message}`;
  }
  return 'no error';
};
const edit = (f: (j: any) => void): unknown => {
  const j = raw('straw2-racks');
  f(j);
  return j;
};

describe('parseCrushMap', () => {
  it('reads the crush dump of a mapgen map (hetero24: device classes, rules by class)', () => {
    const m = parseCrushMap(
      JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/osdmap/hetero24/crush.json'), 'utf8')),
      's',
    );
    expect(findRule(m, 2)?.name).toBe('rep-ssd');
    expect(m.buckets.filter((b) => b?.name.includes('~')).length).toBeGreaterThan(0);
    expect(m.devices.find((d) => d.id === 2)?.deviceClass).toBe('ssd');
  }, 10_000);

  it('finds ancestors in the default hierarchy, not in shadow trees', () => {
    const m = parseCrushMap(raw('device-classes'), 'm');
    const host = ancestorOfType(m, 0, 'host')!;
    expect(m.buckets[-1 - host]!.name).toBe('host0');
    expect(m.buckets[-1 - ancestorOfType(m, 0, 'rack')!]!.name).toBe('rack0');
    expect(m.buckets[-1 - ancestorOfType(m, 0, 'root')!]!.name).toBe('default');
    expect(ancestorOfType(m, 0, 'datacenter')).toBeUndefined();
    expect(ancestorOfType(m, 0, 'nope')).toBeUndefined();
  });

  it('keys choose_args by pool id with the -1 default as fallback', () => {
    const m = parseCrushMap(raw('choose-args'), 'm');
    expect([...m.chooseArgs.keys()].sort()).toEqual([-1, 0, 1]);
    expect(chooseArgsFor(m, 1)?.key).toBe(1);
    expect(chooseArgsFor(m, 7)?.key).toBe(-1);
    expect(chooseArgsFor(parseCrushMap(raw('straw2-racks'), 'm'), 0)).toBeUndefined();
  });

  it('computes straw lengths like crush_calc_straw', () => {
    expect([...calcStraws(Uint32Array.of(0x10000, 0x10000), 1)]).toEqual([0x10000, 0x10000]);
    expect([...calcStraws(Uint32Array.of(0, 0x10000), 0)]).toEqual([0, 0x10000]);
    const s = calcStraws(Uint32Array.of(0x10000, 0x20000, 0x10000), 1);
    expect(s[1]).toBeGreaterThan(s[0]!);
  });

  it('straw_calc_version 0 and 1 differ on repeated and zero weights (both match crushtool fixtures)', () => {
    const w = Uint32Array.of(0x10000, 0x10000, 0x20000, 0, 0x20000, 0x38000);
    expect([...calcStraws(w, 0)]).not.toEqual([...calcStraws(w, 1)]);
  });

  it("names the same tunables profiles as the dump's 'profile' field", () => {
    let seen = 0;
    for (const name of fixtureMaps()) {
      const j = raw(name);
      const p = j.tunables.profile as string;
      if (p === 'unknown') continue;
      const t = tunablesProfile(p)!;
      const m = parseCrushMap(j, name).tunables;
      expect({ ...m, strawCalcVersion: 0 }, `${name} (${p})`).toEqual({ ...t, strawCalcVersion: 0 });
      seen++;
    }
    expect(seen).toBeGreaterThan(10);
    expect(Object.keys(TUNABLES_PROFILES)).toEqual(['argonaut', 'bobtail', 'firefly', 'hammer', 'jewel']);
    expect(tunablesProfile('optimal')).toBe(TUNABLES_PROFILES.jewel);
    expect(tunablesProfile('legacy')).toBe(TUNABLES_PROFILES.argonaut);
  });

  it.each([
    ['not an object', 42, /^m.json: expected the JSON object/],
    ['an osd dump', { epoch: 1, osds: [], pools: [] }, /OSD map dump/],
    ['unknown alg', edit((j) => (j.buckets[1].alg = 'straw3')), /buckets\[1\]\.alg: unknown bucket algorithm 'straw3'/],
    ['missing items', edit((j) => delete j.buckets[1].items), /buckets\[1\]\.items: expected an array, got undefined/],
    ['duplicate bucket id', edit((j) => (j.buckets[1].id = j.buckets[0].id)), /buckets\[1\]\.id: duplicate bucket id/],
    ['duplicate device id', edit((j) => (j.devices[1].id = 0)), /devices\[1\]\.id: duplicate device id 0/],
    [
      'weight not a number',
      edit((j) => (j.buckets[0].items[0].weight = '1')),
      /buckets\[0\]\.items\[0\]\.weight: expected a number/,
    ],
    ['fractional weight', edit((j) => (j.buckets[0].items[0].weight = 1.5)), /expected an integer/],
    [
      'unknown op',
      edit((j) => (j.rules[0].steps[1].op = 'choose_magic')),
      /rules\[0\]\.steps\[1\]\.op: unknown rule step 'choose_magic'/,
    ],
    [
      'take of nothing',
      edit((j) => (j.rules[0].steps[0].item = -77)),
      /rules\[0\]\.steps\[0\]\.item: take of -77 \(default\), which does not exist/,
    ],
    [
      'unknown type',
      edit((j) => (j.rules[0].steps[1].type = 'shelf')),
      /rules\[0\]\.steps\[1\]\.type: unknown type "shelf"/,
    ],
    ['missing tunable', edit((j) => delete j.tunables.choose_total_tries), /tunables\.choose_total_tries: missing/],
    ['self-containing bucket', edit((j) => (j.buckets[0].items[0].id = j.buckets[0].id)), /contains itself/],
    [
      'bad choose_args',
      edit((j) => (j.choose_args = { 0: [{ bucket_id: -1, weight_set: [[1]] }] })),
      /choose_args\["0"\]\[0\]\.weight_set\[0\]: has 1 weights/,
    ],
  ])('rejects %s', (_what, json, re) => {
    const msg = err(json);
    expect(msg.startsWith('m.json: ')).toBe(true);
    expect(msg).toMatch(re);
    expect(msg).not.toContain('\n');
  });
});
