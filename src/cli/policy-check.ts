/**
 * `loadshift policy check FILE [--osdmap F --crush F | --from SNAPSHOT | --live] [--at TIME]`: validates a policy
 * file (exit 3 with FILE:LINE: field on the first problem) and explains it: the base, each rule in order, and with a
 * cluster which OSDs each rule touches and which conditions are in force at TIME (default now). Offline there is no
 * latency history: latency rules say so.
 */
import type { Command } from 'commander';
import { parseSnapshot } from '../ceph/read-snapshot.js';
import { usageError } from '../errors.js';
import { describeBase, describeRule } from '../policy/describe-policy-file.js';
import { osdRanges } from '../policy/resolve-policy-file.js';
import { single } from './cli-options.js';
import { readSnapshotSource, type SnapshotFlags, snapshotOptions } from './load-cluster.js';
import { loadPolicyFile } from './policy-file-load.js';
import { evaluateOffline } from './policy-file-plan.js';

interface CheckOptions extends SnapshotFlags {
  at?: string;
}

function parseAt(v: string): number {
  const t = Date.parse(v);
  if (!Number.isFinite(t))
    throw usageError('--at', `'${v}' is not a date and time (ISO 8601, e.g. 2026-03-02T09:30:00Z)`);
  return t;
}

export function registerPolicy(program: Command): void {
  const policy = program.command('policy').description('policy files: check and explain');
  snapshotOptions(
    policy
      .command('check')
      .description('validate a policy file and explain it (with a cluster: what each rule touches, what is in force)')
      .argument('<file>', 'the policy file (YAML)'),
  )
    .addOption(single('--at <time>', 'evaluate time windows at this instant (ISO 8601) instead of now', parseAt))
    .action(async (file: string, opts: CheckOptions & { at?: number }) => {
      const loaded = await loadPolicyFile(file);
      const { spec } = loaded;
      const out: string[] = [`${spec.file}: valid policy file`, `base: ${describeBase(spec)}`];
      out.push(spec.rules.length === 0 ? 'rules: none' : 'rules, applied in order:');
      for (const [i, r] of spec.rules.entries()) out.push(`  ${i + 1}. line ${r.line}: ${describeRule(r)}`);
      const given = opts.osdmap !== undefined || opts.crush !== undefined || opts.from !== undefined || opts.live;
      if (!given) {
        out.push('(no cluster given: names are not checked; add --osdmap F --crush F or --from SNAPSHOT)');
        process.stdout.write(`${out.join('\n')}\n`);
        return;
      }
      const src = await readSnapshotSource(opts);
      const cluster = parseSnapshot(src.osdmap, src.crush);
      const now = opts.at ?? Date.now();
      const r = evaluateOffline(loaded, cluster, now);
      out.push('', `against ${src.subject} (osdmap epoch ${cluster.osdmap.epoch}) at ${new Date(now).toISOString()}:`);
      for (const o of r.rules) {
        const touched = o.osds.length > 0 ? `; OSDs ${osdRanges(o.osds)}` : '';
        out.push(`  ${o.index + 1}. ${o.inForce ? 'in force' : 'not in force'}: ${o.summary}${touched}`);
      }
      out.push(r.conditions.length === 0 ? 'conditions in force: none' : 'conditions in force:');
      for (const c of r.conditions) out.push(`  ${c.rule} ${c.subject}: ${c.reason}`);
      for (const n of r.notes) out.push(`note: ${n}`);
      process.stdout.write(`${out.join('\n')}\n`);
    });
}
