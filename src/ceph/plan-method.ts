import { oldClientGroups } from './preflight-checks.js';
import { parseFeatures } from './read-features.js';

/**
 * `plan --method auto`: pg-upmap-primary unless `ceph features` (in a snapshot or from the live cluster) shows
 * connected clients that ignore it (kernel clients, pre-Reef librados): then primary affinity, which every client
 * honours. Without `ceph features` (plain dump files) the choice is pg-upmap-primary, as before.
 */
export function chooseMethod(
  features: unknown,
  source: string,
): { method: 'upmap-primary' | 'affinity'; why?: string } {
  if (features === undefined || features === null) return { method: 'upmap-primary' };
  const { groups } = oldClientGroups(parseFeatures(features, source || 'ceph features'));
  if (groups.length === 0) return { method: 'upmap-primary' };
  const list = groups.map((g) => `${g.num} ${g.release} client(s) with features 0x${g.features.toString(16)}`);
  return {
    method: 'affinity',
    why: `${list.join(', ')} connected (ceph features): they ignore pg-upmap-primary and would hang on moved PGs`,
  };
}
