import type { Plan } from '../balance/plan.js';
import { opShellLine } from './op-command.js';

/**
 * The plan as a shell script of ceph commands, one per op, like the file `osdmaptool --read` writes,
 * with a header saying what it was computed from. Each line is independent: re-running is harmless.
 */
export function planScript(plan: Plan, prefix = 'ceph'): string {
  const head = [
    `# loadshift plan for osdmap epoch ${plan.epoch}, policy ${plan.policy}: ${plan.ops.length} command(s)`,
    '# requires: ceph osd set-require-min-compat-client reef (pg-upmap-primary); not for pools read by kernel clients',
  ];
  for (const w of plan.warnings) head.push(`# WARNING: ${w}`);
  const lines = plan.ops.map((op) => opShellLine(op, prefix));
  return [...head, ...lines].join('\n') + '\n';
}
