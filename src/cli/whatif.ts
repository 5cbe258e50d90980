/**
 * `loadshift whatif`: edits a snapshot (or a dump pair, or the live cluster's maps) as the monitor would -
 * out / in / down / up, reweight, primary affinity, add or remove a host - and writes the result as a snapshot
 * (or dumps) that every command reads. The epoch is bumped; nothing is sent to a cluster.
 */
import type { Command } from 'commander';
import { parseSnapshot } from '../ceph/read-snapshot.js';
import { parseSnapshotFile, type Snapshot } from '../ceph/snapshot-file.js';
import { poolLsDetail, syntheticSnapshot } from '../ceph/synthetic-snapshot.js';
import { applyWhatIf, type NewHost, type WhatIfEdits } from '../ceph/whatif-edits.js';
import { describeShortPool, shortPools } from '../cluster/pool-capacity.js';
import { inputError, usageError } from '../errors.js';
import { crushWeightOf } from '../gen/generate-cluster.js';
import { oneOf, repeatable, single } from './cli-options.js';
import { CLUSTER_FORMATS, writeCluster } from './cluster-output.js';
import { fixed16 } from './generate-flags.js';
import { readSnapshotSource, type SnapshotFlags, snapshotOptions } from './load-cluster.js';
import { readInput } from './read-input.js';

interface WhatIfFlags extends SnapshotFlags {
  outOsd: string[];
  inOsd: string[];
  downOsd: string[];
  upOsd: string[];
  reweight: string[];
  primaryAffinity: string[];
  addHost: string[];
  removeHost: string[];
  output?: string;
  out?: string;
  format: string;
}

type Obj = Record<string, unknown>;

const osdIds = (flag: string, values: string[]): number[] =>
  values.flatMap((v) =>
    v.split(',').map((x) => {
      const t = x.trim().replace(/^osd\./, '');
      if (!/^\d+$/.test(t)) throw usageError(flag, `expected OSD ids like 3,7 or osd.3, got '${x}'`);
      return Number(t);
    }),
  );

const osdValues = (flag: string, values: string[]) =>
  values.map((v) => {
    const [osd = '', value = '', ...rest] = v.split(':');
    const id = osd.replace(/^osd\./, '');
    if (rest.length > 0 || !/^\d+$/.test(id) || value === '')
      throw usageError(flag, `expected OSD:VALUE like 3:0.5, got '${v}'`);
    return { osd: Number(id), value: fixed16(flag, value) };
  });

/** NAME:RACK:COUNT:WEIGHT:CLASS (RACK empty: under the root) */
function parseNewHost(v: string): NewHost {
  const [name = '', rack = '', count = '', weight = '', cls = '', ...rest] = v.split(':');
  if (rest.length > 0 || name === '' || !/^\d+$/.test(count) || cls === '' || !/^\d+(\.\d+)?$/.test(weight))
    throw usageError('--add-host', `expected NAME:RACK:COUNT:WEIGHT:CLASS like node9:rack1:12:7.28:hdd, got '${v}'`);
  if (!/^[-_.0-9a-zA-Z]+$/.test(name) || (rack !== '' && !/^[-_.0-9a-zA-Z]+$/.test(rack)))
    throw inputError('--add-host', `'${v}': names may hold letters, digits, '-', '_' and '.' only`);
  const n = Number(count);
  if (n < 1 || n > 10_000) throw inputError('--add-host', `'${v}': COUNT must be within 1..10000`);
  const w = Number(weight);
  if (!(w > 0) || w > 1000) throw inputError('--add-host', `'${v}': WEIGHT must be within (0, 1000]`);
  return { name, rack: rack === '' ? undefined : rack, count: n, weight: crushWeightOf(w), cls };
}

/** The snapshot to edit: the --from file as it is, or dumps/live maps wrapped in one. */
async function sourceSnapshot(f: WhatIfFlags): Promise<{ snap: Snapshot; subject: string }> {
  if (f.from !== undefined && f.osdmap === undefined && f.crush === undefined && f.live !== true) {
    const doc = readInput(f.from);
    return { snap: parseSnapshotFile(doc), subject: doc.source };
  }
  const src = await readSnapshotSource(f);
  const od = JSON.parse(src.osdmap.text) as Obj;
  const cd = JSON.parse(src.crush.text) as Obj;
  return { snap: syntheticSnapshot(od, cd, new Date(0).toISOString(), [`from ${src.subject}`]), subject: src.subject };
}

export function registerWhatIf(program: Command): void {
  snapshotOptions(
    program
      .command('whatif')
      .description('edit a snapshot as the monitor would (out/in/down/up, reweight, affinity, add/remove host)'),
  )
    .addOption(repeatable('--out-osd <ids>', 'mark OSDs out (ceph osd out): 3,7', 'none'))
    .addOption(repeatable('--in-osd <ids>', 'mark OSDs in (ceph osd in)', 'none'))
    .addOption(repeatable('--down-osd <ids>', 'mark OSDs down', 'none'))
    .addOption(repeatable('--up-osd <ids>', 'mark OSDs up', 'none'))
    .addOption(repeatable('--reweight <osd:w>', 'ceph osd reweight, 0..1', 'none'))
    .addOption(repeatable('--primary-affinity <osd:a>', 'ceph osd primary-affinity, 0..1', 'none'))
    .addOption(
      repeatable(
        '--add-host <spec>',
        'NAME:RACK:COUNT:WEIGHT:CLASS, new OSDs up+in (RACK empty: under the root)',
        'none',
      ),
    )
    .addOption(repeatable('--remove-host <name>', 'a host and its OSDs leave the cluster (ceph osd purge)', 'none'))
    .addOption(single('-o, --output <file>', 'write to this file (atomically) instead of stdout'))
    .addOption(single('--out <dir>', 'write osdmap.json, crush.json, crush.txt, snapshot.json here'))
    .addOption(oneOf('--format <fmt>', 'what to write with -o / stdout', CLUSTER_FORMATS.slice(0, 4), 'snapshot'))
    .action(async (f: WhatIfFlags) => {
      const edits: WhatIfEdits = {
        removeHosts: f.removeHost,
        addHosts: f.addHost.map(parseNewHost),
        out: osdIds('--out-osd', f.outOsd),
        in: osdIds('--in-osd', f.inOsd),
        down: osdIds('--down-osd', f.downOsd),
        up: osdIds('--up-osd', f.upOsd),
        reweight: osdValues('--reweight', f.reweight),
        affinity: osdValues('--primary-affinity', f.primaryAffinity),
      };
      const { snap, subject } = await sourceSnapshot(f);
      const doc = (what: string, o: unknown) => ({ source: `${subject} (${what})`, text: JSON.stringify(o) });
      const before = parseSnapshot(doc('osd_dump', snap.osd_dump), doc('osd_crush_dump', snap.osd_crush_dump));
      const r = applyWhatIf(snap.osd_dump, snap.osd_crush_dump, edits);
      const after = parseSnapshot(
        doc('osd_dump after the edits', r.osdDump),
        doc('crush after the edits', r.crushDump),
      );
      const wasShort = new Set(shortPools(before.osdmap, before.crush).map((s) => s.pool.id));
      const short = shortPools(after.osdmap, after.crush).find((s) => !wasShort.has(s.pool.id));
      if (short) throw inputError('--remove-host', `${describeShortPool(short)} after the edits; keep more hosts`);
      const notes = [
        ...snap.notes,
        `whatif e${snap.epoch} -> e${String(r.osdDump.epoch)}: ${r.done.join('; ') || 'no edits'}`,
      ];
      const out: Snapshot = {
        ...snap,
        epoch: Number(r.osdDump.epoch),
        osd_dump: r.osdDump,
        osd_crush_dump: r.crushDump,
        pool_ls_detail: poolLsDetail(r.osdDump),
        notes,
      };
      const files = writeCluster({ snapshot: out }, { output: f.output, out: f.out, format: f.format }, 'whatif');
      process.stderr.write(
        `loadshift: whatif e${snap.epoch} -> e${out.epoch}: ${r.done.join('; ') || 'no edits'}${files.length ? ` -> ${files.join(', ')}` : ''}\n`,
      );
    });
}
