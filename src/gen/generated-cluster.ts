/**
 * A generated cluster as plain data, before it is written as Ceph's dumps (src/ceph/generated-dumps.ts) or as
 * the mon commands that build the same map (src/ceph/mapgen-spec.ts). Weights and affinities are 16.16.
 */
import type { PlainBucket } from '../crush/shadow-trees.js';
import type { PoolSpec } from './cluster-spec.js';

/** Ceph's default CRUSH types (a new cluster's map), by type id. */
export const CRUSH_TYPES = [
  'osd',
  'host',
  'chassis',
  'rack',
  'row',
  'pdu',
  'pod',
  'room',
  'datacenter',
  'zone',
  'region',
  'root',
] as const;

export interface GenOsd {
  id: number;
  uuid: string;
  host: string;
  rack: string | undefined;
  cls: string;
  /** CRUSH weight 16.16, as `ceph osd crush add osd.N W` makes it from `weightText` */
  crushWeight: number;
  weightText: string;
  /** reweight 16.16: 0 = out */
  reweight: number;
  affinity: number;
  up: boolean;
}

export interface GenRule {
  id: number;
  name: string;
  kind: 'replicated' | 'erasure';
  take: number;
  takeName: string;
  /** type id of the failure domain (0: osd, choose instead of chooseleaf) */
  domainType: number;
  /** root and class as the rule was asked for (for the mon command) */
  deviceClass: string | undefined;
}

export interface GenPool {
  id: number;
  spec: PoolSpec;
  rule: number;
  minSize: number;
}

export interface GeneratedCluster {
  fsid: string;
  epoch: number;
  rootName: string;
  osds: GenOsd[];
  /** every bucket, shadow ones too, by id descending (-1, -2, ...): the order Ceph dumps them */
  buckets: PlainBucket[];
  /** device classes in class-id order */
  classes: string[];
  rules: GenRule[];
  pools: GenPool[];
}
