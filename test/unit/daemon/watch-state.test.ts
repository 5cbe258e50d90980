import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadshiftError } from '../../../src/errors.js';
import { checkStateCluster, emptyWatchState, loadWatchState, saveWatchState } from '../../../src/daemon/watch-state.js';

const dir = () => mkdtempSync(join(tmpdir(), 'ls-state-'));

describe('watch state file', () => {
  it('round trip: what is saved is what is loaded', () => {
    const f = join(dir(), 's.json');
    const s = {
      ...emptyWatchState(),
      fsid: 'abc',
      round: 7,
      owned: { '2.1': [3], '3.4': [1, 2] },
      inflight: { at: 5, epoch: 40, ops: 2 },
      counters: { '0': { avgcount: 10, sum: 0.5 } },
      countersAt: 99,
      latency: [{ at: 1, readLatencyMs: { '0': 0.2 } }],
      policy: { conditions: { 'latency#0:osd.3': { active: true, streak: 2, since: 4 } } },
    };
    saveWatchState(f, s);
    expect(loadWatchState(f)).toEqual(s);
  });

  it('a missing file is an empty state; a malformed or foreign one is an input error naming the file', () => {
    const d = dir();
    expect(loadWatchState(join(d, 'none.json'))).toEqual(emptyWatchState());
    const bad = join(d, 'bad.json');
    for (const text of ['{', '{"format":"other"}', JSON.stringify({ ...emptyWatchState(), version: 9 })]) {
      writeFileSync(bad, text);
      const e = (() => {
        try {
          loadWatchState(bad);
        } catch (err) {
          return err as LoadshiftError;
        }
      })();
      expect(e?.kind).toBe('input');
      expect(e?.subject).toBe(bad);
      expect(e?.message).toMatch(/; move it away/);
    }
  });

  it('a state file of another cluster is refused by a guard', () => {
    const s = { ...emptyWatchState(), fsid: 'one' };
    expect(() => checkStateCluster(s, 'one', 'f')).not.toThrow();
    expect(() => checkStateCluster(emptyWatchState(), 'two', 'f')).not.toThrow();
    expect(() => checkStateCluster(s, 'two', 'f')).toThrow(/state file is of cluster one, this is two/);
  });

  it('writes are atomic: no temp file is left beside it', () => {
    const d = dir();
    const f = join(d, 's.json');
    saveWatchState(f, emptyWatchState());
    expect(JSON.parse(readFileSync(f, 'utf8')).format).toBe('loadshift-watch-state');
  });
});
