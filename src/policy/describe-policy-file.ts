/** What a policy file's base and rules do, one line each, for `policy check` (pure text). */
import type { PolicySpec, ProportionalRule, RuleSpec } from './policy-spec.js';
import { describeWindow } from './time-window.js';

const BASE_TEXT: Record<PolicySpec['base'], string> = {
  even: 'even: the same number of primaries on every OSD that can lead PGs of the pool',
  ceph: "ceph: Ceph's desired distribution (PGs on the OSD / pool size, weighted by primary affinity)",
  proportional: 'proportional: shares multiplied per device class / per OSD (below), then scaled to each pool',
};

function factors(r: ProportionalRule): string {
  const parts = [
    ...Object.entries(r.byClass).map(([c, f]) => `class ${c} x${f}`),
    ...Object.entries(r.byOsd).map(([o, f]) => `osd.${o} x${f}`),
  ];
  if (r.otherwise !== 1) parts.push(`others x${r.otherwise}`);
  return parts.join(', ') || 'all x1';
}

export function describeBase(spec: PolicySpec): string {
  return spec.proportional ? `${BASE_TEXT.proportional}: ${factors(spec.proportional)}` : BASE_TEXT[spec.base];
}

export function describeRule(rule: RuleSpec): string {
  const when = rule.when ? `; only ${describeWindow(rule.when)}` : '';
  switch (rule.kind) {
    case 'drain': {
      const fields = new Map<string, string[]>();
      if (rule.osds.length > 0)
        fields.set(
          'osds',
          rule.osds.map((o) => `osd.${o}`),
        );
      for (const b of rule.buckets)
        fields.set(b.type ?? 'buckets', [...(fields.get(b.type ?? 'buckets') ?? []), b.name]);
      const what = [...fields].map(([k, v]) => `${k}: ${v.join(', ')}`);
      return `drain ${what.join('; ')}: no primaries there (PGs with no other member keep theirs); no data moves${rule.reason ? ` (${rule.reason})` : ''}${when}`;
    }
    case 'latency': {
      const trig = [
        rule.aboveMs !== undefined ? `> ${rule.aboveMs} ms` : '',
        rule.relative !== undefined ? `> ${rule.relative} x its class median` : '',
      ].filter(Boolean);
      const rest = [
        rule.restoreBelowMs !== undefined ? `< ${rule.restoreBelowMs} ms` : '',
        rule.restoreRelative !== undefined ? `< ${rule.restoreRelative} x the median` : '',
      ].filter(Boolean);
      return `latency: an OSD whose read latency stays ${trig.join(' and ')} for ${rule.rounds} round(s) gets share x${rule.factor}, restored after ${rule.restoreRounds} round(s) ${rest.join(' or ')}${when}`;
    }
    case 'proportional':
      return `proportional: shares x ${factors(rule)}${when}`;
    case 'custom':
      return `custom: shares from ${rule.module} (sees the factors so far, returns the shares)${when}`;
  }
}
