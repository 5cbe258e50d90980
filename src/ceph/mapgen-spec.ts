/**
 * The generated cluster as a spec for the Reef toolbox's mapgen.sh (`mapgen.sh OUTDIR SPEC`): the monitor
 * commands that build the same map with Ceph's own code (add_osd = `osd new` + `osd crush add` +
 * `osd crush set-device-class`; rules; pools; min_size; primary affinity; out). mapgen marks every OSD up at the
 * end, so the OSDs that should be down are listed in LOADSHIFT_DOWN for the caller (osdmaptool --mark-up on
 * osdmap.raw, where every OSD is down).
 */
import type { GeneratedCluster } from '../gen/generated-cluster.js';

const CRUSH_TYPE_OF: Record<string, string> = { osd: 'osd', host: 'host', rack: 'rack' };

export function mapgenSpec(g: GeneratedCluster, comment: string): string {
  const out = [`# mapgen spec made by ${comment}`, `# ${g.osds.length} OSDs, ${g.pools.length} pools`];
  for (const o of g.osds) {
    const loc = [`root=${g.rootName}`, ...(o.rack ? [`rack=${o.rack}`] : []), `host=${o.host}`].join(' ');
    out.push(`add_osd ${o.id} ${o.weightText} ${o.cls} ${loc}`);
  }
  for (const r of g.rules) {
    if (r.id === 0 || r.kind !== 'replicated') continue;
    const fd = ['osd', 'host', '', 'rack'][r.domainType] ?? 'host';
    out.push(
      `q osd crush rule create-replicated ${r.name} ${g.rootName} ${fd}${r.deviceClass ? ` ${r.deviceClass}` : ''}`,
    );
  }
  for (const p of g.pools) {
    const s = p.spec;
    if (s.kind === 'replicated') {
      out.push(`add_pool ${s.name} ${s.pgNum} ${s.size} ${g.rules[p.rule]!.name}`);
    } else {
      const cls = s.deviceClass ? ` crush-device-class=${s.deviceClass}` : '';
      out.push(
        `q osd erasure-code-profile set ${s.name} k=${s.k} m=${s.m} crush-failure-domain=${CRUSH_TYPE_OF[s.failureDomain]}${cls}`,
        `q osd pool create ${s.name} ${s.pgNum} ${s.pgNum} erasure ${s.name}`,
      );
    }
    out.push(`q osd pool set ${s.name} min_size ${p.minSize}`);
  }
  for (const o of g.osds)
    if (o.affinity !== 0x10000) out.push(`q osd primary-affinity osd.${o.id} ${o.affinity / 0x10000}`);
  for (const o of g.osds) {
    if (o.reweight === 0) out.push(`q osd out ${o.id}`);
    else if (o.reweight !== 0x10000) out.push(`q osd reweight ${o.id} ${o.reweight / 0x10000}`);
  }
  const down = g.osds.filter((o) => !o.up).map((o) => o.id);
  out.push(`LOADSHIFT_DOWN="${down.join(' ')}"`, '');
  return out.join('\n');
}
