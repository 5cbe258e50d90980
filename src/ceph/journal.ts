import { parsePgid } from '../cluster/osdmap.js';
import { inputError } from '../errors.js';
import { type JsonDocument, parseJsonText } from './read-json.js';

export const JOURNAL_FORMAT = 'loadshift-journal';
export const JOURNAL_VERSION = 1;

/**
 * One PG touched by apply: its pg_upmap_primaries entry before and after (null: no entry). `sent` is written before
 * the command goes out, so a killed apply leaves every PG that may have changed marked for revert.
 */
export interface JournalEntry {
  pgid: string;
  before: number | null;
  after: number | null;
  batch: number;
  state: 'pending' | 'sent' | 'accepted' | 'rejected';
  rc?: number;
  reply?: string;
}

/** One OSD's primary affinity changed by apply (16.16 fixed point), recorded like a PG entry. */
export interface AffinityJournalEntry {
  osd: number;
  before: number;
  after: number;
  batch: number;
  state: JournalEntry['state'];
  rc?: number;
  reply?: string;
}

export interface JournalBatch {
  index: number;
  ops: number;
  epoch_before: number;
  epoch_after?: number;
  ms?: number;
}

export interface Journal {
  format: typeof JOURNAL_FORMAT;
  version: number;
  fsid: string;
  plan: string;
  plan_epoch: number;
  started_at: string;
  epoch_before: number;
  status: 'running' | 'done' | 'failed' | 'reverted';
  error?: string;
  batches: JournalBatch[];
  entries: JournalEntry[];
  /** Primary-affinity changes (affinity and `both` plans); absent in journals of pg-upmap-primary plans. */
  affinity?: AffinityJournalEntry[];
}

const STATES = ['pending', 'sent', 'accepted', 'rejected'];
const fixedOk = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0x10000;
const entryOk = (v: unknown) => v === null || (Number.isInteger(v) && (v as number) >= 0);

/** Reads and checks a journal; one input error naming the file otherwise. */
export function parseJournal(doc: JsonDocument): Journal {
  const j = parseJsonText(doc.text, doc.source) as Record<string, unknown> | null;
  const bad = (what: string) => inputError(doc.source, `${what}; is it the journal 'loadshift apply' wrote?`);
  if (typeof j !== 'object' || j === null || j.format !== JOURNAL_FORMAT) throw bad('not a loadshift journal');
  if (j.version !== JOURNAL_VERSION)
    throw bad(
      `written by an incompatible loadshift (journal version ${JSON.stringify(j.version)}, this one reads ${JOURNAL_VERSION})`,
    );
  if (typeof j.fsid !== 'string' || j.fsid === '') throw bad("no 'fsid'");
  if (!Array.isArray(j.entries) || !Array.isArray(j.batches)) throw bad("no 'entries' list (truncated?)");
  (j.entries as Array<Record<string, unknown>>).forEach((e, i) => {
    if (typeof e?.pgid !== 'string' || parsePgid(e.pgid) === undefined) throw bad(`entries[${i}]: bad pgid`);
    if (!entryOk(e.before) || !entryOk(e.after)) throw bad(`entries[${i}]: 'before'/'after' must be an OSD id or null`);
    if (!STATES.includes(e.state as string)) throw bad(`entries[${i}]: bad state`);
  });
  if (j.affinity !== undefined && !Array.isArray(j.affinity)) throw bad("'affinity' must be a list");
  ((j.affinity ?? []) as Array<Record<string, unknown>>).forEach((e, i) => {
    if (!Number.isInteger(e?.osd) || (e.osd as number) < 0) throw bad(`affinity[${i}]: bad osd`);
    if (!fixedOk(e.before) || !fixedOk(e.after)) throw bad(`affinity[${i}]: 'before'/'after' must be 0..65536`);
    if (!STATES.includes(e.state as string)) throw bad(`affinity[${i}]: bad state`);
  });
  return j as unknown as Journal;
}
