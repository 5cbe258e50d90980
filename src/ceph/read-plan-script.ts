import { FIXED_ONE, osdExists, type OsdMap, parsePgid } from '../cluster/osdmap.js';
import { inputError } from '../errors.js';

/** One command of a plan script, as the simulator applies it. */
export type ScriptCommand =
  | { kind: 'upmap-primary'; pgid: string; osd: number; line: number }
  | { kind: 'rm-upmap-primary'; pgid: string; line: number }
  | { kind: 'primary-affinity'; osd: number; value: number; line: number };

const OSD = /^(?:osd\.)?(\d+)$/;

/**
 * Reads a script of Ceph commands strictly: `ceph osd pg-upmap-primary PGID OSD`, `ceph osd rm-pg-upmap-primary
 * PGID`, `ceph osd primary-affinity OSD WEIGHT` (what `osdmaptool --read` and the monitor take), blank lines and
 * `#` comments. A script written by `loadshift plan --format script` is read by its `run osd ...` lines. Anything
 * else, or a PG or OSD the cluster does not have, is an input error naming the line.
 */
export function readPlanScript(text: string, source: string, osdmap: OsdMap): ScriptCommand[] {
  const lines = text.split('\n');
  const ours = lines[0] === '#!/bin/sh' && (lines[1] ?? '').startsWith('# loadshift plan');
  const out: ScriptCommand[] = [];
  const bad = (n: number, why: string) =>
    inputError(
      `${source}:${n}`,
      `${why}; expected 'ceph osd pg-upmap-primary PGID OSD', 'ceph osd rm-pg-upmap-primary PGID' or 'ceph osd primary-affinity OSD WEIGHT'`,
    );
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    let words = line.split(/\s+/);
    if (ours) {
      if (words[0] !== 'run') return;
      words = ['ceph', ...words.slice(1)];
    }
    if (words[0] !== 'ceph' || words[1] !== 'osd') throw bad(n, `not a ceph osd command: '${line.slice(0, 60)}'`);
    const pg = (w: string | undefined): string => {
      const id = w === undefined ? undefined : parsePgid(w);
      const pool = id && osdmap.pools.get(id.pool);
      if (!id || !pool || id.ps >= pool.pgNum) throw bad(n, `'${w ?? ''}' is not a PG of this cluster`);
      return w as string;
    };
    const osd = (w: string | undefined): number => {
      const m = OSD.exec(w ?? '');
      if (!m || !osdExists(osdmap, Number(m[1]))) throw bad(n, `'${w ?? ''}' is not an OSD of this cluster`);
      return Number(m[1]);
    };
    const arity = (k: number) => {
      if (words.length !== k) throw bad(n, `'${words[2]}' takes ${k - 3} argument(s), got ${words.length - 3}`);
    };
    switch (words[2]) {
      case 'pg-upmap-primary':
        arity(5);
        out.push({ kind: 'upmap-primary', pgid: pg(words[3]), osd: osd(words[4]), line: n });
        return;
      case 'rm-pg-upmap-primary':
        arity(4);
        out.push({ kind: 'rm-upmap-primary', pgid: pg(words[3]), line: n });
        return;
      case 'primary-affinity': {
        arity(5);
        const o = osd(words[3]);
        const v = Number(words[4]);
        if (!/^\d*\.?\d+$/.test(words[4] ?? '') || !(v >= 0 && v <= 1))
          throw bad(n, `primary affinity '${words[4]}' is not a number in [0, 1]`);
        out.push({ kind: 'primary-affinity', osd: o, value: Math.trunc(v * FIXED_ONE), line: n });
        return;
      }
      default:
        throw bad(n, `unknown command 'ceph osd ${words[2] ?? ''}'`);
    }
  });
  return out;
}
