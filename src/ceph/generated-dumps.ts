/**
 * Writes a generated cluster as Ceph Reef writes its maps: `ceph osd crush dump -f json` (= `crushtool --dump`)
 * and `ceph osd dump -f json` (= `osdmaptool --dump json`), with every field those dumps have, in their order.
 * Nothing here depends on a clock: times are one fixed stamp, so the same cluster gives the same bytes.
 */
import { CRUSH_TYPES, type GeneratedCluster, type GenPool } from '../gen/generated-cluster.js';

type Obj = Record<string, unknown>;

/** The stamp written wherever Ceph writes a time (creation of the map and the pools). */
export const GENERATED_STAMP = '2025-01-01T00:00:00.000000+0000';
const FLAG_HASHPSPOOL = 1;
/** osd_pool_erasure_code_stripe_unit */
const STRIPE_UNIT = 4096;

/** Reef's default tunables profile (what a new cluster's map has), as the dump shows it. */
export const REEF_TUNABLES: Obj = {
  choose_local_tries: 0,
  choose_local_fallback_tries: 0,
  choose_total_tries: 50,
  chooseleaf_descend_once: 1,
  chooseleaf_vary_r: 1,
  chooseleaf_stable: 1,
  straw_calc_version: 1,
  allowed_bucket_algs: 54,
  profile: 'jewel',
  optimal_tunables: 1,
  legacy_tunables: 0,
  minimum_required_version: 'jewel',
  require_feature_tunables: 1,
  require_feature_tunables2: 1,
  has_v2_rules: 0,
  require_feature_tunables3: 1,
  has_v3_rules: 0,
  has_v4_buckets: 1,
  require_feature_tunables5: 1,
  has_v5_rules: 0,
};

export function crushDumpJson(g: GeneratedCluster): Obj {
  const names = new Map<number, string>(g.buckets.map((b) => [b.id, b.name]));
  const hasErasure = g.rules.some((r) => r.kind === 'erasure');
  return {
    devices: g.osds.map((o) => ({ id: o.id, name: `osd.${o.id}`, class: o.cls })),
    types: CRUSH_TYPES.map((name, type_id) => ({ type_id, name })),
    buckets: g.buckets.map((b) => ({
      id: b.id,
      name: b.name,
      type_id: b.typeId,
      type_name: CRUSH_TYPES[b.typeId],
      weight: b.weights.reduce((s, w) => (s + w) >>> 0, 0),
      alg: 'straw2',
      hash: 'rjenkins1',
      items: b.items.map((id, pos) => ({ id, weight: b.weights[pos], pos })),
    })),
    rules: g.rules.map((r) => ({
      rule_id: r.id,
      rule_name: r.name,
      type: r.kind === 'replicated' ? 1 : 3,
      steps: [
        ...(r.kind === 'erasure'
          ? [
              { op: 'set_chooseleaf_tries', num: 5 },
              { op: 'set_choose_tries', num: 100 },
            ]
          : []),
        { op: 'take', item: r.take, item_name: names.get(r.take) },
        {
          op: `${r.domainType === 0 ? 'choose' : 'chooseleaf'}_${r.kind === 'replicated' ? 'firstn' : 'indep'}`,
          num: 0,
          type: CRUSH_TYPES[r.domainType],
        },
        { op: 'emit' },
      ],
    })),
    tunables: { ...REEF_TUNABLES, has_v2_rules: hasErasure ? 1 : 0 },
    choose_args: {},
  };
}

/** The erasure-code profile of an erasure pool, as `ceph osd erasure-code-profile set NAME k= m= ...` stores it. */
export function erasureProfile(p: GenPool): Record<string, string> {
  return {
    'crush-device-class': p.spec.deviceClass ?? '',
    'crush-failure-domain': p.spec.failureDomain,
    'crush-root': 'default',
    'jerasure-per-chunk-alignment': 'false',
    k: String(p.spec.k),
    m: String(p.spec.m),
    plugin: 'jerasure',
    technique: 'reed_sol_van',
    w: '8',
  };
}

export function poolJson(p: GenPool, idKey: 'pool' | 'pool_id'): Obj {
  const s = p.spec;
  const ec = s.kind === 'erasure';
  return {
    [idKey]: p.id,
    pool_name: s.name,
    create_time: GENERATED_STAMP,
    flags: FLAG_HASHPSPOOL,
    flags_names: 'hashpspool',
    type: ec ? 3 : 1,
    size: s.size,
    min_size: p.minSize,
    crush_rule: p.rule,
    peering_crush_bucket_count: 0,
    peering_crush_bucket_target: 0,
    peering_crush_bucket_barrier: 0,
    peering_crush_bucket_mandatory_member: 2147483647,
    object_hash: 2,
    pg_autoscale_mode: 'off',
    pg_num: s.pgNum,
    pg_placement_num: s.pgNum,
    pg_placement_num_target: s.pgNum,
    pg_num_target: s.pgNum,
    pg_num_pending: s.pgNum,
    last_pg_merge_meta: {
      source_pgid: '0.0',
      ready_epoch: 0,
      last_epoch_started: 0,
      last_epoch_clean: 0,
      source_version: "0'0",
      target_version: "0'0",
    },
    last_change: '1',
    last_force_op_resend: '0',
    last_force_op_resend_prenautilus: '0',
    last_force_op_resend_preluminous: '0',
    auid: 0,
    snap_mode: 'selfmanaged',
    snap_seq: 0,
    snap_epoch: 0,
    pool_snaps: [],
    removed_snaps: '[]',
    quota_max_bytes: 0,
    quota_max_objects: 0,
    tiers: [],
    tier_of: -1,
    read_tier: -1,
    write_tier: -1,
    cache_mode: 'none',
    target_max_bytes: 0,
    target_max_objects: 0,
    cache_target_dirty_ratio_micro: 400000,
    cache_target_dirty_high_ratio_micro: 600000,
    cache_target_full_ratio_micro: 800000,
    cache_min_flush_age: 0,
    cache_min_evict_age: 0,
    erasure_code_profile: ec ? s.name : '',
    hit_set_params: { type: 'none' },
    hit_set_period: 0,
    hit_set_count: 0,
    use_gmt_hitset: true,
    min_read_recency_for_promote: 0,
    min_write_recency_for_promote: 0,
    hit_set_grade_decay_rate: 0,
    hit_set_search_last_n: 0,
    grade_table: [],
    stripe_width: ec ? s.k! * STRIPE_UNIT : 0,
    expected_num_objects: 0,
    fast_read: false,
    options: {},
    application_metadata: ec ? {} : { rbd: {} },
  };
}

const NO_ADDRS = { addrvec: [] };
const NO_ADDR = '(unrecognized address family 0)/0';

export function osdDumpJson(g: GeneratedCluster): Obj {
  const profiles: Obj = { default: { k: '2', m: '2', plugin: 'jerasure', technique: 'reed_sol_van' } };
  for (const p of g.pools) if (p.spec.kind === 'erasure') profiles[p.spec.name] = erasureProfile(p);
  return {
    epoch: g.epoch,
    fsid: g.fsid,
    created: GENERATED_STAMP,
    modified: GENERATED_STAMP,
    last_up_change: GENERATED_STAMP,
    last_in_change: GENERATED_STAMP,
    flags: 'sortbitwise,recovery_deletes,purged_snapdirs,pglog_hardlimit',
    flags_num: 5799936,
    flags_set: ['pglog_hardlimit', 'purged_snapdirs', 'recovery_deletes', 'sortbitwise'],
    crush_version: 1,
    full_ratio: 0.949999988079071,
    backfillfull_ratio: 0.8999999761581421,
    nearfull_ratio: 0.8500000238418579,
    cluster_snapshot: '',
    pool_max: g.pools.length,
    max_osd: g.osds.length,
    require_min_compat_client: 'reef',
    min_compat_client: 'jewel',
    require_osd_release: 'reef',
    allow_crimson: false,
    pools: g.pools.map((p) => poolJson(p, 'pool')),
    osds: g.osds.map((o) => ({
      osd: o.id,
      uuid: o.uuid,
      up: o.up ? 1 : 0,
      in: o.reweight > 0 ? 1 : 0,
      weight: o.reweight / 0x10000,
      primary_affinity: o.affinity / 0x10000,
      last_clean_begin: 0,
      last_clean_end: 0,
      up_from: o.up ? 1 : 0,
      up_thru: 0,
      down_at: o.up ? 0 : 1,
      lost_at: 0,
      public_addrs: NO_ADDRS,
      cluster_addrs: NO_ADDRS,
      heartbeat_back_addrs: NO_ADDRS,
      heartbeat_front_addrs: NO_ADDRS,
      public_addr: NO_ADDR,
      cluster_addr: NO_ADDR,
      heartbeat_back_addr: NO_ADDR,
      heartbeat_front_addr: NO_ADDR,
      state: o.up ? ['exists', 'up'] : ['exists'],
    })),
    osd_xinfo: g.osds.map((o) => ({
      osd: o.id,
      down_stamp: o.up ? '0.000000' : GENERATED_STAMP,
      laggy_probability: 0,
      laggy_interval: 0,
      features: 0,
      old_weight: 0,
      last_purged_snaps_scrub: '0.000000',
      dead_epoch: 0,
    })),
    pg_upmap: [],
    pg_upmap_items: [],
    pg_upmap_primaries: [],
    pg_temp: [],
    primary_temp: [],
    blocklist: {},
    range_blocklist: {},
    erasure_code_profiles: profiles,
    removed_snaps_queue: [],
    new_removed_snaps: [],
    new_purged_snaps: [],
    crush_node_flags: {},
    device_class_flags: {},
    stretch_mode: {
      stretch_mode_enabled: false,
      stretch_bucket_count: 0,
      degraded_stretch_mode: 0,
      recovering_stretch_mode: 0,
      stretch_mode_bucket: 0,
    },
  };
}
