import type { Plan } from '../balance/plan.js';
import type { AffinityPlan } from '../balance/affinity-plan.js';
import type { BothPlan } from '../balance/both-plan.js';
import { affinityOpArgs, opArgs } from './op-command.js';

/** A value as one single-quoted shell word. */
const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** What a safe script needs to know of its plan. */
export interface ScriptSpec {
  title: string;
  fsid: string;
  epoch: number;
  comments: string[];
  /** Each command's arguments after `ceph`. */
  commands: string[][];
}

/**
 * The plan as a POSIX shell script of ceph commands, one line per op (as `osdmaptool --read` writes them), made
 * safe to run: it stops at the first failing command (`set -eu`), first checks that it talks to the cluster (fsid)
 * and osdmap epoch the plan was validated for, and reports progress on stderr. `CEPH` selects the ceph command
 * (`CEPH='cephadm shell -- ceph' sh plan.sh`); `LOADSHIFT_EPOCH_MOVED_OK=1` runs it on a later epoch (each command
 * is still checked by the monitor; a stale one may be refused or may not give the planned primary).
 */
export function safeScript(spec: ScriptSpec): string {
  const head = [
    '#!/bin/sh',
    `# ${spec.title}: ${spec.commands.length} command(s)`,
    ...spec.comments.map((c) => `# ${c}`),
  ];
  if (spec.commands.length === 0) return [...head, '# nothing to do: every planned pool is balanced', ''].join('\n');
  const body = [
    'set -eu',
    `PLAN_FSID=${quote(spec.fsid)}`,
    `PLAN_EPOCH=${spec.epoch}`,
    'CEPH=${CEPH:-ceph}',
    'say() { printf \'loadshift plan: %s\\n\' "$*" >&2; }',
    'if [ -n "$PLAN_FSID" ]; then',
    '  fsid=$($CEPH fsid)',
    '  [ "$fsid" = "$PLAN_FSID" ] || { say "this cluster is $fsid, the plan is for $PLAN_FSID: not applied"; exit 3; }',
    'fi',
    'dump=$($CEPH osd dump)',
    "epoch=$(printf '%s\\n' \"$dump\" | sed -n 's/^epoch \\([0-9][0-9]*\\)$/\\1/p')",
    'if [ "$epoch" != "$PLAN_EPOCH" ] && [ "${LOADSHIFT_EPOCH_MOVED_OK:-0}" != 1 ]; then',
    '  say "the osdmap is at epoch ${epoch:-?}, the plan was validated for epoch $PLAN_EPOCH: re-plan from fresh dumps"',
    '  say "(or run it anyway with LOADSHIFT_EPOCH_MOVED_OK=1; the monitor still checks each command)"',
    '  exit 3',
    'fi',
    `n=0; total=${spec.commands.length}`,
    'run() { n=$((n + 1)); say "[$n/$total] ceph $*"; $CEPH "$@"; }',
  ];
  const lines = spec.commands.map((args) => `run ${args.join(' ')}`);
  return head.concat(body, lines, 'say "done: $total command(s) accepted"', '').join('\n');
}

export function planScript(plan: Plan): string {
  return safeScript({
    title: `loadshift plan for cluster ${plan.fsid || '(fsid unknown)'}, osdmap epoch ${plan.epoch}, policy ${plan.policy}`,
    fsid: plan.fsid,
    epoch: plan.epoch,
    comments: [
      'requires: ceph osd set-require-min-compat-client reef (pg-upmap-primary); not for pools read by kernel clients',
      ...plan.warnings.map((w) => `WARNING: ${w}`),
      ...plan.notes.map((n) => `note: ${n}`),
    ],
    commands: plan.ops.map(opArgs),
  });
}

export function affinityPlanScript(plan: AffinityPlan): string {
  return safeScript({
    title: `loadshift plan for cluster ${plan.fsid || '(fsid unknown)'}, osdmap epoch ${plan.epoch}, method affinity`,
    fsid: plan.fsid,
    epoch: plan.epoch,
    comments: ['primary affinity is honoured by every client (kernel clients and old librados included)'],
    commands: plan.ops.map(affinityOpArgs),
  });
}

/** `--method both`: the affinity values, then the pg-upmap-primary entries planned on the map they make. */
export function bothPlanScript(plan: BothPlan): string {
  const { affinity, upmap } = plan;
  return safeScript({
    title: `loadshift plan for cluster ${upmap.fsid || '(fsid unknown)'}, osdmap epoch ${upmap.epoch}, method both (policy ${upmap.policy})`,
    fsid: upmap.fsid,
    epoch: upmap.epoch,
    comments: [
      `${affinity.ops.length} primary-affinity value(s) first, then ${upmap.ops.length} pg-upmap-primary entr(ies) (pg-upmap-primary alone: ${plan.upmapAloneOps})`,
      'requires: ceph osd set-require-min-compat-client reef (pg-upmap-primary); not for pools read by kernel clients',
      ...upmap.warnings.map((w) => `WARNING: ${w}`),
      ...upmap.notes.map((n) => `note: ${n}`),
    ],
    commands: [...affinity.ops.map(affinityOpArgs), ...upmap.ops.map(opArgs)],
  });
}
