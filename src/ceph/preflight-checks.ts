import type { BalancerStatus } from './read-balancer-status.js';
import type { FeatureGroup } from './read-features.js';

/** One preflight check: what was found, and when it refuses, what to do. */
export interface PreflightCheck {
  name: 'fsid' | 'compat-client' | 'old-clients' | 'mgr-balancer';
  ok: boolean;
  detail: string;
  fix?: string;
}

export interface PreflightFacts {
  clusterFsid: string;
  planFsid: string;
  requireMinCompatClient: string;
  features: FeatureGroup[] | undefined;
  balancer: BalancerStatus | undefined;
  allowOldClients: boolean;
  /** The plan only sets primary affinity: the client checks do not apply (every client honours affinity). */
  affinityOnly?: boolean;
}

/**
 * The client groups of `ceph features` that cannot use pg-upmap-primary: a release older than reef (kernel clients
 * report luminous) or missing a feature bit every monitor has (pre-Reef librados labelled reef).
 */
export function oldClientGroups(features: readonly FeatureGroup[]): { groups: FeatureGroup[]; daemonBits: bigint } {
  const mons = features.filter((g) => g.entity === 'mon');
  const daemonBits = mons.reduce((a, g) => a & g.features, mons[0]?.features ?? 0n);
  const groups = features.filter(
    (g) => g.entity === 'client' && (!atLeastReef(g.release) || (g.features & daemonBits) !== daemonBits),
  );
  return { groups, daemonBits };
}

/** Ceph release names are alphabetical (luminous < ... < reef < squid < tentacle): reef or later. */
export const atLeastReef = (release: string): boolean => release.toLowerCase() >= 'reef';

/**
 * The guards before anything is sent. Clients that do not implement pg-upmap-primary (kernel krbd/CephFS: release
 * luminous; pre-Reef librados: labelled reef but missing feature bits) send reads to the old primary and hang
 * silently, so a client group whose release is older than reef or which lacks any feature bit the monitors have
 * refuses (unless allowed). Squid's mgr balancer in read/upmap-read mode writes the same entries: a tug of war.
 */
export function preflightChecks(f: PreflightFacts): PreflightCheck[] {
  const checks: PreflightCheck[] = [];
  const affinityOnly = f.affinityOnly === true;
  checks.push(
    f.clusterFsid === f.planFsid
      ? { name: 'fsid', ok: true, detail: `plan and cluster are ${f.clusterFsid}` }
      : {
          name: 'fsid',
          ok: false,
          detail: `the plan is for cluster ${f.planFsid}, this is ${f.clusterFsid}`,
          fix: 'make the plan on this cluster (loadshift plan --live)',
        },
  );
  const rmc = f.requireMinCompatClient || 'none';
  if (affinityOnly) {
    // primary affinity is part of every client's own mapping (since firefly): no pg_upmap_primaries entry is made
    const why = 'not needed: a primary-affinity plan makes no pg-upmap-primary entry, every client honours it';
    checks.push({ name: 'compat-client', ok: true, detail: `require_min_compat_client ${rmc}; ${why}` });
    checks.push({ name: 'old-clients', ok: true, detail: why });
  } else pushClientChecks(checks, f, rmc);
  pushBalancerCheck(checks, f);
  return checks;
}

function pushClientChecks(checks: PreflightCheck[], f: PreflightFacts, rmc: string): void {
  checks.push(
    atLeastReef(rmc)
      ? { name: 'compat-client', ok: true, detail: `require_min_compat_client ${rmc}` }
      : {
          name: 'compat-client',
          ok: false,
          detail: `require_min_compat_client is ${rmc}; the monitor refuses pg-upmap-primary below reef`,
          fix: "check that no pre-Reef or kernel client is connected, then 'ceph osd set-require-min-compat-client reef'",
        },
  );
  if (f.features === undefined) {
    checks.push({
      name: 'old-clients',
      ok: f.allowOldClients,
      detail: 'ceph features could not be read',
      fix: 'grant the client mon read access, or pass --allow-old-clients',
    });
  } else {
    const { groups: old, daemonBits } = oldClientGroups(f.features);
    const list = old.map((g) => `${g.num} ${g.release} client(s) with features 0x${g.features.toString(16)}`);
    checks.push(
      old.length === 0
        ? {
            name: 'old-clients',
            ok: true,
            detail: "every connected client is reef or later with the daemons' features",
          }
        : {
            name: 'old-clients',
            ok: f.allowOldClients,
            detail: `${list.join(', ')} (monitors 0x${daemonBits.toString(16)}): kernel or pre-Reef clients hang on PGs with pg-upmap-primary${f.allowOldClients ? '; allowed by --allow-old-clients' : ''}`,
            fix: "find them with 'ceph tell mon.* sessions'; pass --allow-old-clients only if they never read the planned pools",
          },
    );
  }
}

function pushBalancerCheck(checks: PreflightCheck[], f: PreflightFacts): void {
  const b = f.balancer;
  const fights = b?.active === true && (b.mode === 'read' || b.mode === 'upmap-read');
  checks.push(
    fights
      ? {
          name: 'mgr-balancer',
          ok: false,
          detail: `the mgr balancer is active in ${b?.mode} mode and would fight the plan`,
          fix: "'ceph balancer off' or 'ceph balancer mode upmap' first",
        }
      : {
          name: 'mgr-balancer',
          ok: true,
          detail:
            b === undefined
              ? 'balancer status not available'
              : `mgr balancer ${b.active ? 'active' : 'off'}, mode ${b.mode}`,
        },
  );
}
