import { inputError } from '../errors.js';
import type { HeatSample, PgReadCounters } from '../cluster/heat-sample.js';
import { parsePgid } from '../cluster/osdmap.js';
import { type JsonDocument, parseJsonText } from './read-json.js';
import { SNAPSHOT_FORMAT } from './snapshot-file.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const stamp = (v: unknown): number | undefined => {
  if (typeof v !== 'string') return undefined;
  const ms = Date.parse(v.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
};

/**
 * Reads the per-PG read counters of one file: a `loadshift gather` snapshot (gathered with `--pg-dump pgs`) or the
 * JSON of `ceph pg dump pgs -f json` / `ceph pg dump -f json`. A pg dump has no time of its own: its time is the
 * latest `last_fresh` of its PGs.
 */
export function parseHeatSample(doc: JsonDocument): HeatSample {
  const j = parseJsonText(doc.text, doc.source);
  const bad = (what: string) => inputError(doc.source, what);
  let fsid: string | undefined;
  let timeMs: number | undefined;
  let dump: unknown = j;
  const pgNum = new Map<number, number>();
  if (isObj(j) && j.format === SNAPSHOT_FORMAT) {
    fsid = typeof j.fsid === 'string' ? j.fsid : undefined;
    timeMs = stamp(j.gathered_at);
    if (timeMs === undefined) throw bad("snapshot has no valid 'gathered_at'; write it again with 'loadshift gather'");
    dump = j.pg_dump;
    const pools = isObj(j.osd_dump) && Array.isArray(j.osd_dump.pools) ? j.osd_dump.pools : [];
    for (const p of pools as Obj[])
      if (Number.isInteger(p.pool) && Number.isInteger(p.pg_num)) pgNum.set(p.pool as number, p.pg_num as number);
  }
  const list = isObj(dump) ? (dump.pg_stats ?? (isObj(dump.pg_map) ? dump.pg_map.pg_stats : undefined)) : undefined;
  if (!Array.isArray(list))
    throw bad("no PG list (pg_stats); give 'loadshift gather' snapshots or 'ceph pg dump pgs -f json' files");
  const pgs = new Map<string, PgReadCounters>();
  const seen = new Map<number, number>();
  let latest = 0;
  for (const raw of list as Obj[]) {
    const id = typeof raw.pgid === 'string' ? parsePgid(raw.pgid) : undefined;
    if (id === undefined) throw bad(`pg dump entry ${JSON.stringify(raw.pgid)} has no valid pgid`);
    const s = raw.stat_sum;
    if (!isObj(s) || typeof s.num_read !== 'number' || typeof s.num_read_kb !== 'number')
      throw bad(
        "has no per-PG read stats (stat_sum.num_read): it is a pgs_brief dump; use 'loadshift gather --pg-dump pgs' or 'ceph pg dump pgs -f json'",
      );
    const fresh = stamp(raw.last_fresh);
    const became = stamp(raw.last_became_active);
    if (fresh !== undefined) latest = Math.max(latest, fresh);
    pgs.set(raw.pgid as string, {
      numRead: s.num_read,
      numReadKb: s.num_read_kb,
      actingPrimary: Number.isInteger(raw.acting_primary) ? (raw.acting_primary as number) : -1,
      ...(fresh !== undefined ? { freshMs: fresh } : {}),
      ...(became !== undefined ? { becameActiveMs: became } : {}),
    });
    seen.set(id.pool, Math.max(seen.get(id.pool) ?? 0, id.ps + 1));
  }
  if (pgs.size === 0) throw bad('the pg dump lists no PG; is the cluster empty?');
  for (const [pool, n] of seen) if (!pgNum.has(pool)) pgNum.set(pool, n);
  timeMs ??= latest > 0 ? latest : undefined;
  if (timeMs === undefined) throw bad("pg dump without 'last_fresh' stamps: cannot tell when it was taken");
  return { source: doc.source, fsid, timeMs, pgNum, pgs };
}

/** Shortest time between two samples that can tell a rate: the OSDs report PG stats every 5 s (osd_mon_report_interval). */
export const MIN_INTERVAL_S = 10;

/**
 * Checks the samples: one cluster (fsid, where known, also against the planned snapshot's `fsid`), oldest first.
 * Samples closer than MIN_INTERVAL_S to the previous kept one are dropped (with a note); if fewer than two remain,
 * the heat cannot be told.
 */
export function checkHeatSamples(
  samples: HeatSample[],
  fsid: string | undefined,
): { kept: HeatSample[]; notes: string[] } {
  const notes: string[] = [];
  const first = samples[0];
  if (first === undefined || samples.length < 2)
    throw inputError(
      first?.source ?? '--heat',
      'heat needs two or more samples; give --heat OLD NEW (gather snapshots or pg dumps)',
    );
  let known = fsid;
  for (const s of samples) {
    if (s.fsid !== undefined && known !== undefined && s.fsid !== known)
      throw inputError(s.source, `is of cluster ${s.fsid}, not ${known}; give samples of the cluster being planned`);
    known ??= s.fsid;
  }
  const kept = [first];
  for (let i = 1; i < samples.length; i++) {
    const s = samples[i]!;
    const prev = kept[kept.length - 1]!;
    if (s.timeMs <= samples[i - 1]!.timeMs)
      throw inputError(
        s.source,
        `taken at ${new Date(s.timeMs).toISOString()}, not after ${samples[i - 1]!.source} (${new Date(samples[i - 1]!.timeMs).toISOString()}); give the samples oldest first`,
      );
    if ((s.timeMs - prev.timeMs) / 1000 < MIN_INTERVAL_S) {
      notes.push(
        `${s.source}: ${((s.timeMs - prev.timeMs) / 1000).toFixed(1)} s after ${prev.source}, too close to tell a rate: skipped`,
      );
      continue;
    }
    kept.push(s);
  }
  if (kept.length < 2) {
    const last = samples[samples.length - 1]!;
    throw inputError(
      last.source,
      `only ${((last.timeMs - first.timeMs) / 1000).toFixed(1)} s after ${first.source}: too close in time to tell a read rate (need ${MIN_INTERVAL_S} s; PG stats are reported every 5 s); take samples further apart`,
    );
  }
  return { kept, notes };
}
