/** Policy files: parsing, schema errors with their line and field, and the checks a schema cannot make. */
import { describe, expect, it } from 'vitest';
import { parsePolicyFile } from '../../../src/policy/parse-policy-file.js';
import type { PolicyProblem, PolicySpec } from '../../../src/policy/policy-spec.js';

function parse(text: string): PolicySpec {
  const r = parsePolicyFile(text, 'p.yaml');
  if ('problems' in r) throw new Error(JSON.stringify(r.problems));
  return r.spec;
}

function problem(text: string): PolicyProblem {
  const r = parsePolicyFile(text, 'p.yaml');
  if (!('problems' in r)) throw new Error('expected a problem');
  return r.problems[0]!;
}

const ISSUE_EXAMPLE = `policy: even                       # the base: even | ceph | proportional
rules:                             # applied in order
  - drain: {hosts: [node2], osds: [17]}
  - latency: {above_ms: 5, relative: 3, rounds: 2, restore_below_ms: 2, restore_rounds: 3}
  - proportional: {by_class: {nvme: 3, ssd: 2, hdd: 1}}
    when: {days: [mon, tue, wed, thu, fri], between: "08:00-20:00", tz: Europe/Berlin}
`;

describe('parsePolicyFile', () => {
  it('reads the example of the issue: base, rules in order, their lines, the window', () => {
    const s = parse(ISSUE_EXAMPLE);
    expect(s.base).toBe('even');
    expect(s.rules.map((r) => [r.kind, r.line, r.index])).toEqual([
      ['drain', 3, 0],
      ['latency', 4, 1],
      ['proportional', 5, 2],
    ]);
    expect(s.rules[0]).toMatchObject({
      osds: [17],
      buckets: [{ name: 'node2', type: 'hosts', path: 'rules[0].drain.hosts[0]' }],
    });
    expect(s.rules[1]).toMatchObject({
      aboveMs: 5,
      relative: 3,
      rounds: 2,
      restoreBelowMs: 2,
      restoreRounds: 3,
      factor: 0,
    });
    expect(s.rules[2]!.when).toEqual({
      tz: 'Europe/Berlin',
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      between: { start: 480, end: 1200, text: '08:00-20:00' },
    });
    expect(s.lines.get('rules[0].drain.hosts[0]')).toBe(3);
  });

  it('gives latency defaults: restore thresholds halfway below the trigger ones, 3 rounds, factor 0', () => {
    const s = parse('policy: ceph\nrules:\n  - latency: {above_ms: 8, relative: 4}\n');
    expect(s.rules[0]).toMatchObject({
      aboveMs: 8,
      restoreBelowMs: 4,
      relative: 4,
      restoreRelative: 2.5,
      rounds: 3,
      restoreRounds: 3,
      factor: 0,
    });
  });

  it('reads policy: proportional with its shares, osd.N and N keys alike', () => {
    const s = parse(
      'policy: proportional\nproportional:\n  by_class: {ssd: 3}\n  by_osd: {osd.4: 0.5, 7: 2}\n  default: 1\n',
    );
    expect(s.proportional).toEqual({
      kind: 'proportional',
      byClass: { ssd: 3 },
      byOsd: { '4': 0.5, '7': 2 },
      otherwise: 1,
    });
  });

  it('reads `rules:` with nothing under it as no rules; an empty file is a problem', () => {
    expect(parse('policy: even\nrules:\n').rules).toEqual([]);
    expect(problem('# nothing\n')).toEqual({ line: 1, path: '', message: expect.stringMatching(/^empty: /) });
  });

  it.each([
    ['policy: even\nrulez: []\n', 2, 'rulez', /unknown field \(known: policy, proportional, rules\)/],
    ['policy: fair\n', 1, 'policy', /must be one of: even, ceph, proportional/],
    ['rules: []\n', 1, 'policy', /missing/],
    [
      'policy: even\nrules:\n  - drain: {hosts: [node2]}\n  - latency: {above_ms: fast}\n',
      4,
      'rules[1].latency.above_ms',
      /must be a number/,
    ],
    [
      'policy: even\nrules:\n  - drain:\n      hosts: [node2]\n      osds: [1, -3]\n',
      5,
      'rules[0].drain.osds[1]',
      /OSD id/,
    ],
    [
      'policy: even\nrules:\n  - latency: {above_ms: 5}\n    whenn: {days: [mon]}\n',
      4,
      'rules[0].whenn',
      /unknown rule field/,
    ],
    [
      'policy: even\nrules:\n  - latency: {above_ms: 5, restore_below_ms: 6}\n',
      3,
      'rules[0].latency.restore_below_ms',
      /must be below above_ms/,
    ],
    ['policy: even\nrules:\n  - latency: {rounds: 2}\n', 3, 'rules[0].latency', /needs above_ms .* or relative/],
    ['policy: even\nrules:\n  - latency: {relative: 1}\n', 3, 'rules[0].latency.relative', /must be > 1/],
    [
      'policy: even\nrules:\n  - drain: {osds: [1]}\n    latency: {above_ms: 3}\n',
      3,
      'rules[0]',
      /exactly one of drain, latency, proportional, custom .*drain and latency/,
    ],
    ['policy: even\nrules:\n  - when: {days: [mon]}\n', 3, 'rules[0]', /has none/],
    [
      'policy: even\nrules:\n  - drain: {osds: [1]}\n    when: {days: [monday]}\n',
      4,
      'rules[0].when.days[0]',
      /must be one of: mon, tue/,
    ],
    [
      'policy: even\nrules:\n  - drain: {osds: [1]}\n    when:\n      between: "8-20"\n',
      5,
      'rules[0].when.between',
      /not a time range/,
    ],
    [
      'policy: even\nrules:\n  - drain: {osds: [1]}\n    when:\n      between: "10:00-10:00"\n',
      5,
      'rules[0].when.between',
      /start ≠ end/,
    ],
    [
      'policy: even\nrules:\n  - drain: {osds: [1]}\n    when:\n      tz: Mars/Olympus\n',
      5,
      'rules[0].when.tz',
      /unknown time zone "Mars\/Olympus"/,
    ],
    ['policy: proportional\n', 1, 'policy', /needs its shares/],
    ['policy: even\nproportional: {by_class: {ssd: 2}}\n', 2, 'proportional', /only with 'policy: proportional'/],
    [
      'policy: even\nrules:\n  - proportional: {by_class: {ssd: -1}}\n',
      3,
      'rules[0].proportional.by_class.ssd',
      /must be >= 0/,
    ],
    [
      'policy: even\nrules:\n  - proportional: {by_osd: {disk3: 2}}\n',
      3,
      'rules[0].proportional.by_osd.disk3',
      /OSD id/,
    ],
    ['policy: even\nrules:\n  - custom: {}\n', 3, 'rules[0].custom.module', /missing/],
    ['policy: even\nrules:\n  - drain: {}\n', 3, 'rules[0].drain', /must not be empty/],
    ['policy: even\nrules:\n  - drain: {reason: maintenance}\n', 3, 'rules[0].drain', /names nothing to drain/],
    ['policy: even\nrules:\n  - drain: {hosts: node2}\n', 3, 'rules[0].drain.hosts', /must be a list/],
    ['policy: even\npolicy: ceph\n', 2, '', /not valid YAML: .*unique/i],
    ['policy: even\nrules:\n  - drain: {osds: [1]\n', 4, '', /not valid YAML/],
  ])('%j: line %i, field %s', (text, line, path, message) => {
    const p = problem(text);
    expect(p.line).toBe(line);
    expect(p.path).toBe(path);
    expect(p.message).toMatch(message);
  });
});
