/**
 * A policy spec checked against one cluster: every host, rack, bucket, device class and OSD it names must exist
 * (a problem names the line and the field, and lists what does). The result holds what the rules touch as OSD ids.
 */
import type { OsdMap } from '../cluster/osdmap.js';
import type { CrushMap } from '../crush/types.js';
import { lineOf, type PolicyProblem, type PolicySpec, type ProportionalRule } from './policy-spec.js';

/** What one rule touches in this cluster. */
export interface RuleTargets {
  /** drain: the OSDs drained, and per named entry ("host node2", "osd.17") its OSDs. */
  drained?: number[];
  drainedBy?: Array<{ subject: string; osds: number[] }>;
  /** proportional: the factor of every OSD (indexed by id). */
  factors?: Float64Array;
}

export interface ResolvedPolicy {
  /** Targets per rule, aligned with spec.rules; for the base `proportional`, `base`. */
  rules: RuleTargets[];
  base?: RuleTargets;
  /** Device class per OSD id ('' when none). */
  classOf: string[];
}

const list = (names: Iterable<string>, max = 12) => {
  const all = [...names];
  return all.length > max ? `${all.slice(0, max).join(', ')}, ... (${all.length})` : all.join(', ');
};

/** OSD ids under a bucket in the default hierarchy (shadow trees are not walked: they hold the same devices). */
export function osdsUnder(crush: CrushMap, bucketId: number, out: number[] = [], depth = 0): number[] {
  const b = crush.buckets[-1 - bucketId];
  if (b === undefined || depth > crush.maxBuckets) return out;
  for (const item of b.items) {
    if (item >= 0) out.push(item);
    else osdsUnder(crush, item, out, depth + 1);
  }
  return out;
}

export function deviceClasses(crush: CrushMap, maxOsd: number): string[] {
  const classOf = new Array<string>(maxOsd).fill('');
  for (const d of crush.devices) if (d.id >= 0 && d.id < maxOsd) classOf[d.id] = d.deviceClass ?? '';
  return classOf;
}

function existingOsds(osdmap: OsdMap): number[] {
  const out: number[] = [];
  for (let o = 0; o < osdmap.maxOsd; o++) if (osdmap.exists[o] === 1) out.push(o);
  return out;
}

/** "0-5, 7, 9-11" */
export function osdRanges(osds: readonly number[]): string {
  const s = [...osds].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === (s[j] as number) + 1) j++;
    parts.push(j === i ? String(s[i]) : `${s[i]}-${s[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

export function resolvePolicyFile(
  spec: PolicySpec,
  cluster: { osdmap: OsdMap; crush: CrushMap },
): { resolved: ResolvedPolicy } | { problems: PolicyProblem[] } {
  const { osdmap, crush } = cluster;
  const problems: PolicyProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ line: lineOf(spec.lines, path), path, message });
  const classOf = deviceClasses(crush, osdmap.maxOsd);
  const osds = existingOsds(osdmap);
  const checkOsd = (o: number, path: string) => {
    const ok = o < osdmap.maxOsd && osdmap.exists[o] === 1;
    if (!ok) problem(path, `unknown OSD osd.${o} (OSDs: ${osdRanges(osds)})`);
    return ok;
  };
  const buckets = crush.buckets.filter((b) => b !== undefined && !b.name.includes('~'));
  const proportional = (r: ProportionalRule, path: string): RuleTargets => {
    const known = new Set(classOf.filter((c) => c !== ''));
    for (const c of Object.keys(r.byClass))
      if (!known.has(c))
        problem(`${path}.by_class.${c}`, `unknown device class "${c}" (classes: ${list(known) || 'none'})`);
    const factors = new Float64Array(osdmap.maxOsd).fill(r.otherwise);
    for (const o of osds) {
      const byClass = r.byClass[classOf[o] ?? ''];
      if (byClass !== undefined) factors[o] = byClass;
    }
    const rawKeys = [...spec.lines.keys()].filter((k) => k.startsWith(`${path}.by_osd.`));
    for (const [id, f] of Object.entries(r.byOsd)) {
      const key = rawKeys.find((k) => k.replace(/^.*\.by_osd\.(osd\.)?/, '') === id) ?? `${path}.by_osd`;
      if (checkOsd(Number(id), key)) factors[Number(id)] = f;
    }
    return { factors };
  };
  const rules = spec.rules.map((rule): RuleTargets => {
    const path = `rules[${rule.index}].${rule.kind}`;
    if (rule.kind === 'proportional') return proportional(rule, path);
    if (rule.kind !== 'drain') return {};
    const drainedBy: Array<{ subject: string; osds: number[] }> = [];
    rule.osds.forEach((o, i) => {
      if (checkOsd(o, `${path}.osds[${i}]`)) drainedBy.push({ subject: `osd.${o}`, osds: [o] });
    });
    for (const b of rule.buckets) {
      const typeName = b.type === undefined ? undefined : crushTypeOf(crush, b.type);
      if (b.type !== undefined && typeName === undefined) {
        const types = [...crush.typeNames.values()].filter((t) => t !== 'osd');
        problem(
          b.path.replace(/\[\d+\]$/, ''),
          `unknown CRUSH bucket type "${b.type}" (types: ${types.map((t) => `${t}s`).join(', ')}; or buckets, osds)`,
        );
        continue;
      }
      const typeId = typeName === undefined ? undefined : crush.typeIds.get(typeName);
      const found = buckets.find((x) => x?.name === b.name && (typeId === undefined || x.typeId === typeId));
      if (found === undefined) {
        const names = buckets.filter((x) => typeId === undefined || x?.typeId === typeId).map((x) => x?.name ?? '');
        const what = typeName ?? 'bucket';
        problem(b.path, `unknown ${what} "${b.name}" (${what}s: ${list(names) || 'none'})`);
        continue;
      }
      const t = crush.typeNames.get(found.typeId) ?? 'bucket';
      drainedBy.push({
        subject: `${t} ${found.name}`,
        osds: osdsUnder(crush, found.id).filter((o) => o < osdmap.maxOsd),
      });
    }
    const drained = [...new Set(drainedBy.flatMap((d) => d.osds))].sort((a, b) => a - b);
    return { drained, drainedBy };
  });
  const base = spec.proportional ? proportional(spec.proportional, 'proportional') : undefined;
  if (problems.length > 0) return { problems };
  return { resolved: { rules, ...(base ? { base } : {}), classOf } };
}

/** The CRUSH type a drain field names: `host` or `hosts` (also `chassis`, `datacenters`); undefined if none. */
function crushTypeOf(crush: CrushMap, field: string): string | undefined {
  for (const t of crush.typeNames.values()) {
    if (t === 'osd') continue;
    if (field === t || field === `${t}s` || field === `${t}es`) return t;
  }
  return undefined;
}
