import { ancestorOfType } from '../crush/ancestor.js';
import type { CrushMap } from '../crush/types.js';
import type { OsdMap } from './osdmap.js';

export interface HostIndex {
  /** OSD id -> host index (into `names`), -1 when the OSD is under no host. */
  hostOf: Int32Array;
  names: readonly string[];
}

/** Each OSD's host bucket (CRUSH type `host`, default hierarchy), as indices into a list of host names. */
export function hostIndex(osdmap: OsdMap, crush: CrushMap, typeName = 'host'): HostIndex {
  const hostOf = new Int32Array(osdmap.maxOsd).fill(-1);
  const names: string[] = [];
  const byBucket = new Map<number, number>();
  for (let osd = 0; osd < osdmap.maxOsd; osd++) {
    const b = ancestorOfType(crush, osd, typeName);
    if (b === undefined) continue;
    let h = byBucket.get(b);
    if (h === undefined) {
      h = names.length;
      byBucket.set(b, h);
      names.push(crush.buckets[-1 - b]?.name ?? `bucket${b}`);
    }
    hostOf[osd] = h;
  }
  return { hostOf, names };
}
