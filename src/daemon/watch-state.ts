/**
 * The watch daemon's own state file: only what the cluster cannot tell. The osdmap is the source of truth for what
 * was applied; this file keeps the per-OSD read counters of the last round (to take deltas), the latency history,
 * the policy's conditions, and which pg_upmap_primaries entries the daemon made (so entries made by others are left
 * alone). Written atomically (temp file, fsync, rename) before and after every batch.
 */
import { readFileSync } from 'node:fs';
import type { LatencyCounter } from '../cluster/read-latency.js';
import { guardError, inputError } from '../errors.js';
import { emptyPolicyState, type LatencyRound, type PolicyState } from '../policy/policy-env.js';
import { writeFileAtomic } from '../transport/atomic-write.js';

export const WATCH_STATE_FORMAT = 'loadshift-watch-state';
export const WATCH_STATE_VERSION = 1;

export interface WatchState {
  format: typeof WATCH_STATE_FORMAT;
  version: number;
  /** The cluster this state belongs to ('' until the first round). */
  fsid: string;
  /** Rounds completed. */
  round: number;
  /**
   * Entries this daemon made: pgid → the targets an entry of ours may show. Before a batch is sent the new target is
   * added beside the old one (the command may or may not commit if the daemon dies), after the replies only what the
   * monitor accepted is kept; an entry in the osdmap whose target is not listed here was made by someone else.
   */
  owned: Record<string, number[]>;
  /** The batch being sent (cleared when its replies are in): on restart, wait for the monitor to settle it. */
  inflight: { at: number; epoch: number; ops: number } | null;
  /** Last `op_r_latency` counters read per OSD, and when. */
  counters: Record<string, LatencyCounter>;
  countersAt: number;
  /** Latency history, oldest first (bounded). */
  latency: LatencyRound[];
  policy: PolicyState;
}

export function emptyWatchState(): WatchState {
  return {
    format: WATCH_STATE_FORMAT,
    version: WATCH_STATE_VERSION,
    fsid: '',
    round: 0,
    owned: {},
    inflight: null,
    counters: {},
    countersAt: 0,
    latency: [],
    policy: emptyPolicyState(),
  };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses a state file's text; a malformed or foreign file is an input error naming it. */
export function parseWatchState(text: string, file: string): WatchState {
  const bad = (what: string) =>
    inputError(file, `${what}; move it away to start with an empty state (the cluster keeps what was applied)`);
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    throw bad('not JSON (truncated or edited?)');
  }
  if (!isObj(j) || j.format !== WATCH_STATE_FORMAT)
    throw bad(`not a watch state file (no "format": "${WATCH_STATE_FORMAT}")`);
  if (j.version !== WATCH_STATE_VERSION)
    throw bad(`state version ${JSON.stringify(j.version)}, this loadshift reads ${WATCH_STATE_VERSION}`);
  if (typeof j.fsid !== 'string' || !Number.isInteger(j.round)) throw bad("'fsid' or 'round' is missing");
  if (!isObj(j.owned) || !Object.values(j.owned).every((v) => Array.isArray(v) && v.every(Number.isInteger)))
    throw bad("'owned' must map pgids to lists of OSD ids");
  if (!isObj(j.counters) || !Array.isArray(j.latency) || !isObj(j.policy) || !isObj(j.policy.conditions))
    throw bad("'counters', 'latency' or 'policy' is missing");
  return { ...emptyWatchState(), ...(j as unknown as WatchState) };
}

/** Reads the state file; a missing file is an empty state. */
export function loadWatchState(file: string): WatchState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyWatchState();
    throw inputError(file, `cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'}); check the path`);
  }
  return parseWatchState(text, file);
}

/** Refuses a state file of another cluster. */
export function checkStateCluster(state: WatchState, fsid: string, file: string): void {
  if (state.fsid !== '' && state.fsid !== fsid)
    throw guardError(
      file,
      `the state file is of cluster ${state.fsid}, this is ${fsid}; give another --state file for this cluster`,
    );
}

export function saveWatchState(file: string, state: WatchState): void {
  writeFileAtomic(file, `${JSON.stringify(state)}\n`);
}
