import { affinityOpArgs, affinityValueText, opShellLine } from '../ceph/op-command.js';
import type { ApplyReport } from '../transport/apply-plan.js';
import type { RevertReport } from '../transport/revert-journal.js';

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The result of apply as text: preflight findings, what was dropped or skipped and why, then the summary table. */
export function renderApplyReport(r: ApplyReport): string {
  const out: string[] = [`loadshift apply: ${r.status}`, '', 'preflight'];
  for (const c of r.checks)
    out.push(`  ${c.ok ? 'ok     ' : 'REFUSE '} ${c.name}: ${c.detail}${c.ok ? '' : `; ${c.fix}`}`);
  for (const d of r.stale) out.push(`  stale   pg ${d.op.pgid}: ${d.why} (dropped)`);
  for (const d of r.affinity.stale) out.push(`  stale   osd.${d.op.osd}: ${d.why} (dropped)`);
  for (const d of r.skipped) out.push(`  skip    pg ${d.op.pgid}: ${d.why}`);
  if (r.status === 'dry-run') {
    out.push('', `would send ${r.affinity.toSend.length + r.toSend.length} command(s):`);
    for (const op of r.affinity.toSend) out.push(`  ${['ceph', ...affinityOpArgs(op)].join(' ')}`);
    for (const op of r.toSend) out.push(`  ${opShellLine(op)}`);
  }
  const aff = r.affinity;
  const affinityLines =
    aff.toSend.length + aff.done.length + aff.stale.length > 0
      ? [
          `affinity values   ${aff.toSend.length} to set, ${aff.done.length} already set, ${aff.stale.length} dropped; ${aff.moved} PG primaries move`,
          ...aff.toSend.map((op) => `  osd.${op.osd} ${affinityValueText(op.from)} -> ${affinityValueText(op.to)}`),
        ]
      : [];
  const epochs = r.batches.map((b) => (b.epoch_after ?? b.epoch_before) - b.epoch_before);
  out.push(
    '',
    ...affinityLines,
    `ops in plan       ${r.planOps}`,
    `already applied   ${r.done.length}`,
    `dropped (stale)   ${r.stale.length}`,
    `skipped (state)   ${r.skipped.length}`,
    `sent              ${r.sent}`,
    `accepted          ${r.accepted}`,
    `batches           ${r.batches.length}${epochs.length ? ` (osdmap epochs per batch: ${epochs.join(', ')})` : ''}`,
    `osdmap            e${r.epochBefore} -> e${r.epochAfter}`,
    `time              ${secs(r.ms)}`,
  );
  if (r.journal)
    out.push(`journal           ${r.journal} (loadshift revert ${r.journal} restores the previous entries)`);
  return `${out.join('\n')}\n`;
}

export function renderRevertReport(r: RevertReport): string {
  const out = [`loadshift revert: ${r.status}`, ''];
  if (r.status === 'dry-run') {
    for (const a of r.affinity) out.push(`  ${['ceph', ...affinityOpArgs(a)].join(' ')}`);
    for (const op of r.ops) out.push(`  ${opShellLine(op)}`);
  } else
    for (const a of r.affinity)
      out.push(`  osd.${a.osd} primary affinity ${affinityValueText(a.from)} -> ${affinityValueText(a.to)}`);
  for (const u of r.unrestorable) out.push(`  note pg ${u.pgid}: ${u.why}`);
  out.push(
    `PGs touched       ${r.touched}`,
    `commands          ${r.ops.length + r.affinity.length}`,
    `osdmap            e${r.epochBefore} -> e${r.epochAfter}`,
    `time              ${secs(r.ms)}`,
  );
  return `${out.join('\n')}\n`;
}
