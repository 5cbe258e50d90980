/**
 * Reads an OSD map dump and a CRUSH map dump of the same cluster and checks that they fit together.
 */
import { inputError } from '../errors.js';
import type { OsdMap } from '../cluster/osdmap.js';
import { findRule } from '../crush/choose-args.js';
import type { CrushMap } from '../crush/types.js';
import { parseCrushMap } from './read-crush.js';
import { type JsonDocument, parseJsonText } from './read-json.js';
import { parseOsdMap } from './read-osdmap.js';

/** Parses the two documents (already read by the I/O layer) into one checked snapshot. */
export function parseSnapshot(osdmapDoc: JsonDocument, crushDoc: JsonDocument): { osdmap: OsdMap; crush: CrushMap } {
  const osdmap = parseOsdMap(parseJsonText(osdmapDoc.text, osdmapDoc.source), osdmapDoc.source);
  const crush = parseCrushMap(parseJsonText(crushDoc.text, crushDoc.source), crushDoc.source);
  checkSnapshot(osdmap, crush, osdmapDoc.source, crushDoc.source);
  return { osdmap, crush };
}

const SAME_CLUSTER = 'are both dumps from the same cluster and the same moment? take them again together';

/** Rule types (crush_rule_type) a pool of each type can use: replicated 1 (Squid's msr_firstn 4), erasure 3 (msr_indep 5). */
const RULE_TYPES: Record<string, readonly number[]> = { replicated: [1, 4], erasure: [3, 5] };

/**
 * Cross-checks that the two dumps describe one cluster at one moment, as far as they can tell: every pool's rule
 * exists and fits the pool's type; every CRUSH device is below max_osd; every OSD that is up or in is a device of
 * the CRUSH map (an OSD only takes PGs through CRUSH; one that exists but is down and out may not be placed yet).
 * Each problem is an input error naming the file with the offending entry and the other file.
 */
export function checkSnapshot(osdmap: OsdMap, crush: CrushMap, osdmapPath: string, crushPath: string): void {
  const ids = [...osdmap.pools.keys()].sort((a, b) => a - b);
  for (const id of ids) {
    const pool = osdmap.pools.get(id);
    if (pool === undefined) continue;
    const rule = findRule(crush, pool.crushRule);
    if (rule === undefined) {
      throw inputError(
        osdmapPath,
        `pool ${id} '${pool.name}': crush_rule ${pool.crushRule} is not in the CRUSH map ${crushPath}; ${SAME_CLUSTER}`,
      );
    }
    if (!(RULE_TYPES[pool.type] ?? []).includes(rule.type)) {
      throw inputError(
        osdmapPath,
        `pool ${id} '${pool.name}' is ${pool.type} but its crush_rule ${rule.id} '${rule.name}' in ${crushPath} has type ${rule.type}; ${SAME_CLUSTER}`,
      );
    }
  }
  const devices = new Set<number>();
  for (const d of crush.devices) {
    devices.add(d.id);
    if (d.id >= osdmap.maxOsd) {
      throw inputError(
        crushPath,
        `device osd.${d.id} is not below the OSD map's max_osd ${osdmap.maxOsd} (${osdmapPath}); ${SAME_CLUSTER}`,
      );
    }
  }
  for (let o = 0; o < osdmap.maxOsd; o++) {
    if (osdmap.exists[o] !== 1 || devices.has(o)) continue;
    if (osdmap.up[o] === 1 || osdmap.weight[o] !== 0) {
      const state = osdmap.up[o] === 1 ? 'up' : 'in';
      throw inputError(
        osdmapPath,
        `osd.${o} is ${state} but not a device of the CRUSH map ${crushPath}; ${SAME_CLUSTER}`,
      );
    }
  }
}
