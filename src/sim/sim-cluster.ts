import type { HostIndex } from '../cluster/host-index.js';
import type { OsdMap } from '../cluster/osdmap.js';
import type { CrushMap } from '../crush/types.js';
import type { SimCluster } from './sim-model.js';

/**
 * The simulator's view of a cluster: every OSD that exists and is up gets the mean service time of its CRUSH device
 * class (`serviceMsByClass`; an OSD without a class, or of a class not listed, gets `defaultClass`'s); the others
 * get 0 (not simulated). Throws with the class name when the default class itself has no time.
 */
export function simCluster(
  osdmap: OsdMap,
  crush: CrushMap,
  hosts: HostIndex,
  serviceMsByClass: ReadonlyMap<string, number>,
  defaultClass: string,
): SimCluster {
  const fallback = serviceMsByClass.get(defaultClass);
  if (fallback === undefined) throw new Error(`no service time for the default class '${defaultClass}'`);
  const classOf = new Map<number, string | undefined>(crush.devices.map((d) => [d.id, d.deviceClass]));
  const serviceMs = new Float64Array(osdmap.maxOsd);
  for (let o = 0; o < osdmap.maxOsd; o++) {
    if (osdmap.exists[o] !== 1 || osdmap.up[o] !== 1) continue;
    const cls = classOf.get(o);
    serviceMs[o] = (cls !== undefined ? serviceMsByClass.get(cls) : undefined) ?? fallback;
  }
  return { maxOsd: osdmap.maxOsd, serviceMs, hostOf: hosts.hostOf, hostNames: hosts.names };
}
