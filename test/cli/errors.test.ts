/**
 * Bad input to the snapshot commands (plan, score, pgs), end to end: every case is exit 3 with exactly one stderr line
 * `loadshift: <the offending file>: ...`, no stack trace, nothing on stdout. Plus the top-level usage behaviour.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, DEMO, ROOT, runCli, type CliRun } from '../helpers/cli.js';
import { spawnSync } from 'node:child_process';

const OSDMAP = join(DEMO, 'osd-dump.json');
const CRUSH = join(DEMO, 'osd-crush-dump.json');

const run = (args: string[]) => runCli(args);

/** Runs the jobs at most `width` at a time (the machine may be shared), results in job order. */
async function runAll(jobs: string[][], width = 4): Promise<CliRun[]> {
  const out: CliRun[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < jobs.length; i = next++) out[i] = await run(jobs[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
  return out;
}

const tmp = mkdtempSync(join(tmpdir(), 'loadshift-errors-'));
function put(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

interface Case {
  label: string;
  osdmap: string;
  crush: string;
  /** The file the message must name. */
  blame: string;
  pattern: RegExp;
}

function cases(): Case[] {
  const osdText = readFileSync(OSDMAP, 'utf8');
  const crushText = readFileSync(CRUSH, 'utf8');
  const malformed = put('malformed.json', '{"epoch": 33, "pools": [}');
  const truncOsd = put('truncated-osd-dump.json', osdText.slice(0, Math.floor(osdText.length / 2)));
  const truncCrush = put('truncated-crush-dump.json', crushText.slice(0, Math.floor(crushText.length / 2)));
  const empty = put('empty.json', '');
  const missing = join(tmp, 'missing.json');
  const dir = join(tmp, 'a-directory');
  mkdirSync(dir);
  const dump = JSON.parse(osdText);
  const pool = dump.pools.find((p: any) => p.pool_name === 'p128');
  pool.crush_rule = 77;
  const norule = put('no-such-rule.json', JSON.stringify(dump));
  pool.crush_rule = 0;
  pool.type = 3; // erasure, on the replicated rule 0
  const ecOnReplicated = put('ec-on-replicated-rule.json', JSON.stringify(dump));
  // dumps of two clusters: the demo's 12-OSD osd dump with a live 8-OSD cluster's crush dump, and the reverse
  const crush8 = join(ROOT, 'test/fixtures/live-8osd/osd-crush-dump.json');
  const osd8 = join(ROOT, 'test/fixtures/live-8osd/osd-dump.json');
  return [
    { label: 'malformed JSON', osdmap: malformed, crush: CRUSH, blame: malformed, pattern: /not valid JSON/ },
    {
      label: 'truncated osd dump',
      osdmap: truncOsd,
      crush: CRUSH,
      blame: truncOsd,
      pattern: /not valid JSON.*complete/,
    },
    {
      label: 'truncated crush dump',
      osdmap: OSDMAP,
      crush: truncCrush,
      blame: truncCrush,
      pattern: /not valid JSON.*complete/,
    },
    { label: 'empty file', osdmap: empty, crush: CRUSH, blame: empty, pattern: /empty input/ },
    { label: 'empty crush file', osdmap: OSDMAP, crush: empty, blame: empty, pattern: /empty input/ },
    { label: 'missing file', osdmap: missing, crush: CRUSH, blame: missing, pattern: /no such file/ },
    { label: 'missing crush file', osdmap: OSDMAP, crush: missing, blame: missing, pattern: /no such file/ },
    { label: 'dumps swapped', osdmap: CRUSH, crush: OSDMAP, blame: CRUSH, pattern: /CRUSH map dump/ },
    { label: 'crush dump as --osdmap', osdmap: CRUSH, crush: CRUSH, blame: CRUSH, pattern: /CRUSH map dump/ },
    { label: 'osd dump as --crush', osdmap: OSDMAP, crush: OSDMAP, blame: OSDMAP, pattern: /OSD map dump/ },
    { label: 'a directory as --osdmap', osdmap: dir, crush: CRUSH, blame: dir, pattern: /is a directory/ },
    { label: 'a directory as --crush', osdmap: OSDMAP, crush: dir, blame: dir, pattern: /is a directory/ },
    {
      label: 'crush_rule not in the crush dump',
      osdmap: norule,
      crush: CRUSH,
      blame: norule,
      pattern: /pool 3 'p128': crush_rule 77 is not in the CRUSH map/,
    },
    {
      label: 'a pool whose rule has the other type',
      osdmap: ecOnReplicated,
      crush: CRUSH,
      blame: ecOnReplicated,
      pattern: /pool 3 'p128' is erasure but its crush_rule 0 '.*' .* has type 1; are both dumps from the same cluster/,
    },
    {
      label: '12-OSD osd dump with an 8-OSD crush dump',
      osdmap: OSDMAP,
      crush: crush8,
      blame: OSDMAP,
      pattern: /osd\.8 is up but not a device of the CRUSH map .*live-8osd.*; are both dumps from the same cluster/,
    },
    {
      label: '8-OSD osd dump with a 12-OSD crush dump',
      osdmap: osd8,
      crush: CRUSH,
      blame: osd8,
      pattern: /pool 6 'pec': crush_rule 2 is not in the CRUSH map .*; are both dumps from the same cluster/,
    },
  ];
}

const COMMANDS = ['plan', 'score', 'pgs'];

describe('input errors of plan, score and pgs', () => {
  const all = cases();
  const results = new Map<string, CliRun>();
  beforeAll(async () => {
    const jobs = COMMANDS.flatMap((cmd) =>
      all.map((c) => ({ key: `${cmd} ${c.label}`, args: [cmd, '--osdmap', c.osdmap, '--crush', c.crush] })),
    );
    const done = await runAll(jobs.map((j) => j.args));
    jobs.forEach((j, i) => results.set(j.key, done[i]!));
  });

  for (const cmd of COMMANDS) {
    for (const c of all) {
      it(`${cmd}: ${c.label}`, () => {
        const r = results.get(`${cmd} ${c.label}`)!;
        expect(r.code).toBe(3);
        expect(r.stdout).toBe('');
        const lines = r.stderr.split('\n').filter(Boolean);
        expect(lines).toHaveLength(1);
        expect(lines[0]!.startsWith(`loadshift: ${c.blame}:`), lines[0]).toBe(true);
        expect(lines[0]).toMatch(c.pattern);
        expect(r.stderr).not.toMatch(/^\s*at /m);
        expect(r.stderr.endsWith('\n')).toBe(true);
      });
    }
  }
});

describe('usage', () => {
  it('unknown command: exit 2, one line', async () => {
    const r = await run(['nosuch']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^loadshift: .*nosuch/);
  });

  it('no command, or a command group without its subcommand: help on stderr, exit 2', async () => {
    for (const args of [[], ['crush']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^Usage: loadshift/);
    }
    const h = await run(['help', 'plan']);
    expect([h.code, h.stdout]).toEqual([0, expect.stringMatching(/^Usage: loadshift plan/)]);
  });

  it('--help: exit 0, lists the commands', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const cmd of ['plan', 'score', 'pgs', 'crush', 'demo'])
      expect(r.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
  });
});

describe('output pipe closed early', () => {
  it('`loadshift crush test ... | head -n 1`: exit 0, no error, no stack trace', () => {
    const crush = join(ROOT, 'test/fixtures/crush/straw2-racks/crush.json');
    const cmd = `"${process.execPath}" "${CLI}" crush test --crush "${crush}" --rule 0 --num-rep 3 --max-x 300000 | head -n 1; exit \${PIPESTATUS[0]}`;
    const r = spawnSync('bash', ['-c', cmd], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/^CRUSH rule 0 x 0 \[/);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
