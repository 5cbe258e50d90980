import { inputError } from '../errors.js';

/** One group of `ceph features -f json`: the sessions of one entity type sharing a feature set. */
export interface FeatureGroup {
  entity: 'mon' | 'osd' | 'mgr' | 'client' | 'mds';
  /** Feature bits as Ceph prints them (`0x3f01cfbffffdffff`). */
  features: bigint;
  release: string;
  num: number;
}

/** Parses `ceph features -f json`: `{"mon":[{"features":"0x...","release":"reef","num":1}],"client":[...],...}`. */
export function parseFeatures(json: unknown, source: string): FeatureGroup[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw inputError(source, 'ceph features: expected an object of entity groups');
  const out: FeatureGroup[] = [];
  for (const [entity, groups] of Object.entries(json as Record<string, unknown>)) {
    if (!Array.isArray(groups)) throw inputError(source, `ceph features: '${entity}' is not a list`);
    for (const g of groups as Array<Record<string, unknown>>) {
      const f = g.features;
      if (typeof f !== 'string' || !/^0x[0-9a-f]+$/i.test(f) || typeof g.release !== 'string')
        throw inputError(source, `ceph features: a '${entity}' group has no features/release`);
      out.push({
        entity: entity as FeatureGroup['entity'],
        features: BigInt(f),
        release: g.release,
        num: typeof g.num === 'number' ? g.num : 0,
      });
    }
  }
  return out;
}
