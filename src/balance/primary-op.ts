/**
 * One change to a PG's primary. A plan is a list of these; the shell script and the JSON are derived from it
 * (src/ceph/op-command.ts holds the one encoding as a ceph command).
 */
export type OpReason =
  /** moves the PG's reads to another OSD to meet the policy */
  | 'balance'
  /** the pg_upmap_primaries entry has no effect (it names the primary the PG would have anyway) */
  | 'redundant'
  /** the entry can never apply (its OSD is not in the PG's set, or is out); Ceph ignores it */
  | 'invalid';

export type PrimaryOp =
  | {
      op: 'set';
      pgid: string;
      /** The OSD named in `ceph osd pg-upmap-primary <pgid> <osd>`. */
      osd: number;
      /** Acting primary before and (predicted) after the change. */
      from: number;
      to: number;
      reason: OpReason;
    }
  | {
      op: 'remove';
      pgid: string;
      from: number;
      to: number;
      reason: OpReason;
    };

/** The pg_upmap_primaries change an op makes: the entry's new target, or null when the entry is removed. */
export function opEntry(op: PrimaryOp): { pgid: string; osd: number | null } {
  return { pgid: op.pgid, osd: op.op === 'set' ? op.osd : null };
}
