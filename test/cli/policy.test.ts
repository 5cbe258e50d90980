/** `loadshift policy check` and `plan --policy FILE` end to end (built CLI) on the bundled demo cluster. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO, expectInputErrorRun, ROOT, runCli } from '../helpers/cli.js';

const FILES = ['--osdmap', join(DEMO, 'osd-dump.json'), '--crush', join(DEMO, 'osd-crush-dump.json')];
const EXAMPLES = join(ROOT, 'examples/policies');
const dir = mkdtempSync(join(tmpdir(), 'loadshift-policy-'));
let n = 0;
function file(text: string, name = `p${n++}.yaml`): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('policy check', () => {
  it('explains a file without a cluster: base and rules in order, with their lines', async () => {
    const r = await runCli(['policy', 'check', join(EXAMPLES, 'custom.yaml')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        `${join(EXAMPLES, 'custom.yaml')}: valid policy file`,
        'base: even: the same number of primaries on every OSD that can lead PGs of the pool',
        'rules, applied in order:',
        '  1. line 5: drain racks: rack1: no primaries there (PGs with no other member keep theirs); no data moves',
        '  2. line 6: proportional: shares x class ssd x2, class hdd x1; only mon,tue,wed,thu,fri 08:00-20:00 (Europe/Berlin)',
        '  3. line 8: custom: shares from ./inverse-latency.mjs (sees the factors so far, returns the shares)',
        '(no cluster given: names are not checked; add --osdmap F --crush F or --from SNAPSHOT)',
        '',
      ].join('\n'),
    );
  });

  it('with a cluster: which OSDs each rule touches and what is in force at --at', async () => {
    const path = join(EXAMPLES, 'maintenance.yaml');
    // Sunday 2026-03-01 23:30 in Berlin (22:30 UTC): the window is open
    const open = await runCli(['policy', 'check', path, ...FILES, '--at', '2026-03-01T22:30:00Z']);
    expect(open.code).toBe(0);
    expect(open.stdout).toContain('  1. in force: drain host node2: 3 OSD(s), window open; OSDs 6-8\n');
    expect(open.stdout).toContain('conditions in force:\n  window rules[0]: sun 22:00-04:00 (Europe/Berlin): open\n');
    expect(open.stdout).toContain(
      '  drain host node2: no primaries on osd.6, osd.7, osd.8 (NIC replacement, ticket OPS-1234)\n',
    );
    // Monday 2026-03-02 10:00 in Berlin: closed
    const closed = await runCli(['policy', 'check', path, ...FILES, '--at', '2026-03-02T09:00:00Z']);
    expect(closed.stdout).toContain(
      '  1. not in force: drain host node2: 3 OSD(s), window closed (sun 22:00-04:00 (Europe/Berlin)); OSDs 6-8\n',
    );
    expect(closed.stdout).toContain('conditions in force: none\n');
  });

  it('offline, latency rules say they are inactive', async () => {
    const r = await runCli(['policy', 'check', join(EXAMPLES, 'slow-osds.yaml'), ...FILES]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  1. in force: latency: no latency history (offline), inactive\n');
    expect(r.stdout).toContain('note: rules[0] latency: no latency history (offline), inactive\n');
  });

  it.each([
    [
      'policy: even\nrules:\n  - drain: {osds: [1]}\n  - drain: {hosts: [node9]}\n',
      4,
      'rules[1].drain.hosts[0]: unknown host "node9" (hosts: node0, node1, node2, node3)',
    ],
    [
      'policy: even\nrules:\n  - latency: {above_ms: 5, restore_below_ms: 5}\n',
      3,
      'rules[0].latency.restore_below_ms: must be below above_ms (5)',
    ],
    [
      'policy: even\nrules:\n  - proportional: {by_class: {nvme: 3}}\n',
      3,
      'rules[0].proportional.by_class.nvme: unknown device class "nvme" (classes: hdd, ssd)',
    ],
    [
      'policy: even\nrules:\n  - drain: {osds: [1]}\n    when: {tz: Europe/Paris, between: "25:00-03:00"}\n',
      4,
      'rules[0].when.between: "25:00-03:00" is not a time range',
    ],
    ['policy: even\nrules:\n  - custom: {module: ./nowhere.mjs}\n', 3, 'rules[0].custom.module: no such module'],
  ])('refuses %j: exit 3, FILE:%i: field: what', async (text, line, message) => {
    const path = file(text);
    const r = await runCli(['policy', 'check', path, ...FILES]);
    expectInputErrorRun(r, path, /./);
    expect(r.stderr.startsWith(`loadshift: ${path}:${line}: ${message}`)).toBe(true);
  });

  it('a custom module that returns a bad share: exit 3 naming the rule line and the module', async () => {
    file('export default () => ({ 99: 1 });\n', 'bad.mjs');
    const path = file('policy: even\nrules:\n  - custom: {module: ./bad.mjs}\n');
    const r = await runCli(['policy', 'check', path, ...FILES]);
    expectInputErrorRun(
      r,
      path,
      /:3: rules\[0\]\.custom\.module: \.\/bad\.mjs returned a share for "99", not an OSD of this cluster$/,
    );
  });

  it('a missing file: exit 3', async () => {
    const r = await runCli(['policy', 'check', join(dir, 'nope.yaml')]);
    expectInputErrorRun(r, join(dir, 'nope.yaml'), /no such file/);
  });
});

describe('plan --policy FILE', () => {
  it('draining host node2 leaves no primary on osd.6-8 except the PGs listed as having no other member', async () => {
    const path = file('policy: even\nrules:\n  - drain: {hosts: [node2], reason: ToR switch}\n');
    const r = await runCli(['plan', ...FILES, '--policy', path, '--format', 'json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as {
      policy: string;
      notes: string[];
      drain: { osds: number[]; kept: Array<{ pgid: string; osd: number }>; pending: number };
      pools: Array<{ id: number; after: { primaries: Record<string, number> } }>;
    };
    expect(plan.policy).toBe(`even + drain (${path})`);
    expect(plan.notes).toContain('policy drain host node2: no primaries on osd.6, osd.7, osd.8 (ToR switch)');
    expect(plan.drain.osds).toEqual([6, 7, 8]);
    expect(plan.drain.pending).toBe(0);
    for (const osd of [6, 7, 8]) {
      const led = plan.pools.reduce((a, p) => a + (p.after.primaries[String(osd)] ?? 0), 0);
      expect(led, `osd.${osd}`).toBe(plan.drain.kept.filter((k) => k.osd === osd).length);
    }
  });

  it('text: the drain line and the conditions as notes; the custom example runs', async () => {
    const r = await runCli(['plan', ...FILES, '--policy', join(EXAMPLES, 'custom.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^drain: osd\.6, osd\.7, osd\.8, osd\.9, osd\.10, osd\.11 lead no PG after the plan, except \d+ PG\(s\) with no other member that can lead: 5\.0 \(osd\.\d+\)/m,
    );
    expect(r.stdout).toContain(
      'note: policy drain rack rack1: no primaries on osd.6, osd.7, osd.8, osd.9, osd.10, osd.11\n',
    );
  });

  it('a name that is neither a policy nor a file is a usage error; a bad file is exit 3', async () => {
    const u = await runCli(['plan', ...FILES, '--policy', 'fair']);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(
      /^loadshift: --policy: 'fair' is not one of even, ceph, .* nor a policy file \(\.yaml\/\.yml\)/,
    );
    const path = file('policy: even\nrules:\n  - drain: {racks: [rack9]}\n');
    expectInputErrorRun(
      await runCli(['plan', ...FILES, '--policy', path]),
      path,
      /:3: rules\[0\]\.drain\.racks\[0\]: unknown rack "rack9" \(racks: rack0, rack1\)$/,
    );
  });
});
