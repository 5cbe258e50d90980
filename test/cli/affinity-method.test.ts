/** `loadshift plan --method affinity` end to end on the built CLI (issue 13): text, script, JSON, usage errors. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO, ROOT, runCli, runCliSync } from '../helpers/cli.js';

const FILES = ['--osdmap', join(DEMO, 'osd-dump.json'), '--crush', join(DEMO, 'osd-crush-dump.json')];
const CMD = /^ceph osd primary-affinity osd\.(\d+) (0(\.\d+)?|1)$/;

describe('plan --method affinity on the demo cluster', () => {
  it('text, script and JSON describe the same operations; every pool as busy or less', async () => {
    const [text, script, json] = await Promise.all([
      runCli(['plan', ...FILES, '--method', 'affinity']),
      runCli(['plan', ...FILES, '--method', 'affinity', '--format', 'script']),
      runCli(['plan', ...FILES, '--method', 'affinity', '--format', 'json']),
    ]);
    for (const r of [text, script, json]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe(''); // no kernel-client warning: affinity is safe for every client
    }
    const doc = JSON.parse(json.stdout) as {
      method: string;
      epoch: number;
      operations: { osd: number; to: number; to_fixed: number; command: string }[];
      pools: {
        pool_name: string;
        max_primaries: { before: number; after: number; upmap_primary_optimum: number | null };
      }[];
    };
    expect(doc.method).toBe('affinity');
    expect(doc.epoch).toBe(33);
    expect(doc.operations.length).toBeGreaterThan(0);
    for (const op of doc.operations) {
      const m = CMD.exec(op.command);
      expect(m, op.command).not.toBeNull();
      // the decimal the monitor reads back is exactly the planned 16.16 value
      expect(Math.trunc(Number(m![2]) * 0x10000)).toBe(op.to_fixed);
    }
    for (const p of doc.pools) {
      expect(p.max_primaries.after, p.pool_name).toBeLessThanOrEqual(p.max_primaries.before);
      if (p.max_primaries.upmap_primary_optimum !== null)
        expect(p.max_primaries.after, p.pool_name).toBeGreaterThanOrEqual(p.max_primaries.upmap_primary_optimum);
    }
    const runLines = script.stdout.split('\n').filter((l) => l.startsWith('run osd '));
    expect(runLines.map((l) => `ceph ${l.slice(4)}`)).toEqual(doc.operations.map((o) => o.command));
    const textCmds = text.stdout
      .slice(text.stdout.indexOf('\ncommands\n') + 10)
      .trimEnd()
      .split('\n');
    expect(textCmds).toEqual(doc.operations.map((o) => o.command));
    expect(text.stdout).toMatch(/^p256\s+4\s+256\s+60 -> \d+\s+22\s+\d+$/m);
  });

  it('apply checks an affinity plan file before connecting: a bad value is one line naming it (exit 3)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadshift-aff-'));
    const file = join(dir, 'aff.json');
    expect(runCliSync(['plan', ...FILES, '--method', 'affinity', '--format', 'json', '-o', file]).code).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.operations[1].to_fixed = 70000;
    writeFileSync(file, JSON.stringify(doc));
    const r = runCliSync(['apply', file, '--via', '/nonexistent/run.sh']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `loadshift: ${file}: operations[1]: 'from_fixed'/'to_fixed' must be 0..65536; make it again with 'loadshift plan --format json -o FILE'\n`,
    );
  });

  it('--method both: affinity values first, then fewer pg-upmap-primary entries; text, script and JSON agree', async () => {
    const [text, script, json, alone] = await Promise.all([
      runCli(['plan', ...FILES, '--method', 'both']),
      runCli(['plan', ...FILES, '--method', 'both', '--format', 'script']),
      runCli(['plan', ...FILES, '--method', 'both', '--format', 'json']),
      runCli(['plan', ...FILES, '--method', 'upmap-primary', '--format', 'json']),
    ]);
    for (const r of [text, script, json, alone]) expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(json.stdout) as {
      method: string;
      operations: { op: string; command: string }[];
      upmap_primary_alone_operations: number;
    };
    expect(doc.method).toBe('both');
    const ops = doc.operations;
    const firstEntry = ops.findIndex((o) => o.op !== 'primary-affinity');
    const nAff = ops.filter((o) => o.op === 'primary-affinity').length;
    expect(nAff).toBeGreaterThan(0);
    expect(firstEntry).toBe(nAff); // every value before the first entry
    expect(doc.upmap_primary_alone_operations).toBe(JSON.parse(alone.stdout).operations.length);
    const runLines = script.stdout.split('\n').filter((l) => l.startsWith('run osd '));
    expect(runLines.map((l) => `ceph ${l.slice(4)}`)).toEqual(ops.map((o) => o.command));
    expect(text.stdout.split('\n')[0]).toBe(
      `method both: ${nAff} primary-affinity value(s), then ${ops.length - nAff} pg-upmap-primary operation(s) on the map they make (pg-upmap-primary alone: ${doc.upmap_primary_alone_operations})`,
    );
  });

  it('--method auto (the default) chooses affinity when ceph features shows a client that ignores pg-upmap-primary', () => {
    // a gather snapshot recorded on the test cluster (every client reef), and the same with the client group a Pacific
    // librados client showed on that cluster (recorded: see test/fixtures/live-replies/README.md)
    const snap = join(ROOT, 'test/fixtures/live-replies/snapshot.json');
    const doc = JSON.parse(readFileSync(snap, 'utf8'));
    doc.features.client.push({ features: '0x3f01cfbdfffdffff', release: 'reef', num: 1 });
    const old = join(mkdtempSync(join(tmpdir(), 'loadshift-auto-')), 'snapshot.json');
    writeFileSync(old, JSON.stringify(doc));
    const modern = runCliSync(['plan', '--from', snap, '--format', 'json']);
    expect(modern.code).toBe(0);
    expect(JSON.parse(modern.stdout).method).toBeUndefined();
    expect(modern.stderr).not.toMatch(/--method auto/);
    const r = runCliSync(['plan', '--from', old, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).method).toBe('affinity');
    expect(r.stderr).toBe(
      'loadshift: note: --method auto chose affinity: 1 reef client(s) with features 0x3f01cfbdfffdffff connected (ceph features): they ignore pg-upmap-primary and would hang on moved PGs\n',
    );
    // the operator's word wins
    const forced = runCliSync(['plan', '--from', old, '--format', 'json', '--method', 'upmap-primary']);
    expect(JSON.parse(forced.stdout).method).toBeUndefined();
  });

  it('options that do not apply to the affinity method are usage errors', () => {
    for (const extra of [['--policy', 'ceph'], ['--max-changes', '3'], ['--ignore-affinity']]) {
      const r = runCliSync(['plan', ...FILES, '--method', 'affinity', ...extra]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^loadshift: --method: affinity balances primary counts evenly/);
    }
    const bad = runCliSync(['plan', ...FILES, '--method', 'magic']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^loadshift: --method: 'magic' is not one of auto, upmap-primary, affinity, both/);
    const heat = runCliSync(['plan', ...FILES, '--method', 'both', '--max-changes', '3']);
    expect(heat.code).toBe(2);
    expect(heat.stderr).toBe(
      "loadshift: --method: both plans without --heat and --max-changes (use --method upmap-primary for those); see 'loadshift plan --help'\n",
    );
  });
});
