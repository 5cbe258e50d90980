import type { Plan } from '../balance/plan.js';
import { opShellLine } from './op-command.js';

/** A value as one single-quoted shell word. */
const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The plan as a POSIX shell script of ceph commands, one line per op (as `osdmaptool --read` writes them), made
 * safe to run: it stops at the first failing command (`set -eu`), first checks that it talks to the cluster (fsid)
 * and osdmap epoch the plan was validated for, and reports progress on stderr. `CEPH` selects the ceph command
 * (`CEPH='cephadm shell -- ceph' sh plan.sh`); `LOADSHIFT_EPOCH_MOVED_OK=1` runs it on a later epoch (each command
 * is still checked by the monitor; a stale one may be refused or may not give the planned primary).
 */
export function planScript(plan: Plan): string {
  const head = [
    '#!/bin/sh',
    `# loadshift plan for cluster ${plan.fsid || '(fsid unknown)'}, osdmap epoch ${plan.epoch}, policy ${plan.policy}: ${plan.ops.length} command(s)`,
    '# requires: ceph osd set-require-min-compat-client reef (pg-upmap-primary); not for pools read by kernel clients',
  ];
  for (const w of plan.warnings) head.push(`# WARNING: ${w}`);
  for (const n of plan.notes) head.push(`# note: ${n}`);
  if (plan.ops.length === 0) return [...head, '# nothing to do: every planned pool is balanced', ''].join('\n');
  const body = [
    'set -eu',
    `PLAN_FSID=${quote(plan.fsid)}`,
    `PLAN_EPOCH=${plan.epoch}`,
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
    `n=0; total=${plan.ops.length}`,
    'run() { n=$((n + 1)); say "[$n/$total] ceph $*"; $CEPH "$@"; }',
  ];
  const lines = plan.ops.map((op) => opShellLine(op, 'run'));
  const tail = ['say "done: $total command(s) accepted"', ''];
  return [...head, ...body, ...lines, ...tail].join('\n');
}
