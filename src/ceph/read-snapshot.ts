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

/** Cross-checks; every problem is an input error naming the file that holds the offending entry. */
export function checkSnapshot(osdmap: OsdMap, crush: CrushMap, osdmapPath: string, crushPath: string): void {
  const ids = [...osdmap.pools.keys()].sort((a, b) => a - b);
  for (const id of ids) {
    const pool = osdmap.pools.get(id);
    if (pool === undefined) continue;
    if (findRule(crush, pool.crushRule) === undefined) {
      throw inputError(
        osdmapPath,
        `pool ${id} '${pool.name}': crush_rule ${pool.crushRule} is not in the CRUSH map ${crushPath}; are both dumps from the same cluster?`,
      );
    }
  }
  for (const d of crush.devices) {
    if (d.id >= osdmap.maxOsd) {
      throw inputError(
        crushPath,
        `device osd.${d.id} is not below the OSD map's max_osd ${osdmap.maxOsd} (${osdmapPath}); are both dumps from the same cluster?`,
      );
    }
  }
}
