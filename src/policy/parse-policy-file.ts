/**
 * Policy file text → PolicySpec, pure: YAML (with positions) → JSON Schema (ajv) → the checks a schema cannot make.
 * Every problem names the line and the field path. Names that must exist in a cluster (hosts, classes, OSDs) are
 * checked later, against a snapshot (resolve-policy-file.ts).
 */
import { Ajv, type ErrorObject } from 'ajv';
import { LineCounter, parseDocument } from 'yaml';
import { POLICY_FILE_SCHEMA } from './policy-file-schema.js';
import type {
  BasePolicyName,
  Day,
  DrainRule,
  LatencyRule,
  PolicyProblem,
  PolicySpec,
  ProportionalRule,
  RuleBody,
  RuleSpec,
  WindowSpec,
} from './policy-spec.js';
import { lineOf } from './policy-spec.js';
import { knownTimeZone, parseBetween } from './time-window.js';
import { yamlLines } from './yaml-lines.js';

const RULE_KINDS = ['drain', 'latency', 'proportional', 'custom'] as const;

let validator: ReturnType<Ajv['compile']> | undefined;
function validate(doc: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: false, strict: true, verbose: true }).compile(POLICY_FILE_SCHEMA);
  return validator(doc) ? [] : [...(validator.errors ?? [])];
}

/** `/rules/0/drain` → `rules[0].drain`. */
function jsonPointerPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(seg) ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  }
  return out;
}

const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

/** One ajv error in the file's words: the field's path and what is wrong with it. */
function schemaProblem(errors: ErrorObject[]): { path: string; message: string } {
  const anyOf = errors.find((e) => e.keyword === 'anyOf');
  const e = anyOf ?? (errors[0] as ErrorObject);
  let path = jsonPointerPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  if (e.propertyName !== undefined) path = join(path, e.propertyName);
  switch (e.keyword) {
    case 'anyOf':
      return { path, message: 'must be an OSD id (17 or "osd.17")' };
    case 'additionalProperties': {
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const what = path === '' || !path.endsWith(']') ? 'field' : 'rule field';
      return {
        path: join(path, String(p.additionalProperty)),
        message: `unknown ${what} (known: ${known.join(', ')})`,
      };
    }
    case 'required':
      return { path: join(path, String(p.missingProperty)), message: 'missing (required)' };
    case 'enum':
      return { path, message: `must be one of: ${(p.allowedValues as unknown[]).join(', ')}` };
    case 'type':
      return {
        path,
        message: `must be ${p.type === 'object' ? 'a mapping' : p.type === 'array' ? 'a list' : `a ${p.type}`}`,
      };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
      return { path, message: `must be ${p.comparison} ${p.limit}` };
    case 'minProperties':
    case 'minItems':
    case 'minLength':
      return { path, message: 'must not be empty' };
    case 'pattern':
      return { path, message: 'must be an OSD id (17 or osd.17)' };
    default:
      return { path, message: e.message ?? 'invalid' };
  }
}

/** Parses and checks a policy file's text. `file` is only used in the spec (for later messages). */
export function parsePolicyFile(text: string, file: string): { spec: PolicySpec } | { problems: PolicyProblem[] } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = counter.linePos(err.pos[0]).line;
    return { problems: [{ line, path: '', message: `not valid YAML: ${err.message.split('\n')[0]}` }] };
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  if (value === null || value === undefined)
    return {
      problems: [
        { line: 1, path: '', message: "empty: a policy file needs at least 'policy: even' (or ceph, proportional)" },
      ],
    };
  // `rules:` with nothing under it is an empty list
  if (typeof value === 'object' && 'rules' in value && (value as { rules: unknown }).rules === null)
    (value as { rules: unknown[] }).rules = [];
  const lines = yamlLines(doc.contents, counter);
  const errors = validate(value);
  if (errors.length > 0) {
    const { path, message } = schemaProblem(errors);
    return { problems: [{ line: lineOf(lines, path), path, message }] };
  }
  const problems: PolicyProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ line: lineOf(lines, path), path, message });
  const raw = value as { policy: BasePolicyName; proportional?: RawProportional; rules?: RawRule[] };
  let base: ProportionalRule | undefined;
  if (raw.policy === 'proportional') {
    if (raw.proportional === undefined)
      problem('policy', "'proportional' needs its shares: add a 'proportional:' field (by_class, by_osd, default)");
    else base = proportionalRule(raw.proportional);
  } else if (raw.proportional !== undefined) {
    problem('proportional', `only with 'policy: proportional' (this file says ${raw.policy}); use a proportional rule`);
  }
  const rules: RuleSpec[] = [];
  (raw.rules ?? []).forEach((r, index) => {
    const path = `rules[${index}]`;
    const kinds = RULE_KINDS.filter((k) => r[k] !== undefined);
    if (kinds.length !== 1) {
      problem(
        path,
        `a rule has exactly one of ${RULE_KINDS.join(', ')} (this one has ${kinds.length === 0 ? 'none' : kinds.join(' and ')})`,
      );
      return;
    }
    const kind = kinds[0]!;
    const body = ruleBody(kind, r, `${path}.${kind}`, problem);
    if (body === undefined) return;
    const when = r.when === undefined ? undefined : windowSpec(r.when, `${path}.when`, problem);
    rules.push({ ...body, index, line: lineOf(lines, path), ...(when !== undefined ? { when } : {}) });
  });
  if (problems.length > 0) return { problems };
  return { spec: { file, base: raw.policy, ...(base ? { proportional: base } : {}), rules, lines } };
}

interface RawProportional {
  by_class?: Record<string, number>;
  by_osd?: Record<string, number>;
  default?: number;
}
interface RawLatency {
  above_ms?: number;
  relative?: number;
  rounds?: number;
  restore_below_ms?: number;
  restore_relative?: number;
  restore_rounds?: number;
  factor?: number;
}
interface RawRule {
  drain?: Record<string, unknown>;
  latency?: RawLatency;
  proportional?: RawProportional;
  custom?: { module: string; options?: unknown };
  when?: { days?: Day[]; between?: string; tz?: string };
}
type Problem = (path: string, message: string) => void;

function proportionalRule(r: RawProportional): ProportionalRule {
  const byOsd: Record<string, number> = {};
  for (const [k, v] of Object.entries(r.by_osd ?? {})) byOsd[k.replace(/^osd\./, '')] = v;
  return { kind: 'proportional', byClass: { ...(r.by_class ?? {}) }, byOsd, otherwise: r.default ?? 1 };
}

function ruleBody(kind: (typeof RULE_KINDS)[number], r: RawRule, path: string, problem: Problem): RuleBody | undefined {
  if (kind === 'proportional') return proportionalRule(r.proportional as RawProportional);
  if (kind === 'custom') return { kind: 'custom', module: r.custom!.module, options: r.custom!.options ?? null };
  if (kind === 'latency') return latencyRule(r.latency as RawLatency, path, problem);
  const d = r.drain as Record<string, unknown>;
  const out: DrainRule = { kind: 'drain', osds: [], buckets: [] };
  for (const [key, v] of Object.entries(d)) {
    if (key === 'reason') out.reason = v as string;
    else if (key === 'osds')
      out.osds = (v as Array<number | string>).map((o) => (typeof o === 'number' ? o : Number(o.slice(4))));
    else
      (v as string[]).forEach((name, i) => {
        out.buckets.push({ name, type: key === 'buckets' ? undefined : key, path: `${path}.${key}[${i}]` });
      });
  }
  if (out.osds.length === 0 && out.buckets.length === 0) {
    problem(path, 'names nothing to drain: give osds, hosts, racks (any CRUSH bucket type) or buckets');
    return undefined;
  }
  return out;
}

function latencyRule(r: RawLatency, path: string, problem: Problem): LatencyRule | undefined {
  if (r.above_ms === undefined && r.relative === undefined) {
    problem(path, 'needs above_ms (absolute, ms) or relative (x the median of its device class), or both');
    return undefined;
  }
  const out: LatencyRule = {
    kind: 'latency',
    rounds: r.rounds ?? 3,
    restoreRounds: r.restore_rounds ?? 3,
    factor: r.factor ?? 0,
  };
  if (r.above_ms !== undefined) {
    out.aboveMs = r.above_ms;
    out.restoreBelowMs = r.restore_below_ms ?? r.above_ms / 2;
    if (out.restoreBelowMs >= r.above_ms)
      problem(
        `${path}.restore_below_ms`,
        `must be below above_ms (${r.above_ms}): the gap keeps the rule from flapping`,
      );
  } else if (r.restore_below_ms !== undefined) problem(`${path}.restore_below_ms`, 'needs above_ms');
  if (r.relative !== undefined) {
    out.relative = r.relative;
    out.restoreRelative = r.restore_relative ?? (1 + r.relative) / 2;
    if (out.restoreRelative >= r.relative)
      problem(
        `${path}.restore_relative`,
        `must be below relative (${r.relative}): the gap keeps the rule from flapping`,
      );
  } else if (r.restore_relative !== undefined) problem(`${path}.restore_relative`, 'needs relative');
  return out;
}

function windowSpec(w: NonNullable<RawRule['when']>, path: string, problem: Problem): WindowSpec | undefined {
  const tz = w.tz ?? 'UTC';
  if (!knownTimeZone(tz)) {
    problem(`${path}.tz`, `unknown time zone "${tz}" (an IANA name such as Europe/Berlin, America/New_York, UTC)`);
    return undefined;
  }
  const out: WindowSpec = { tz };
  if (w.days !== undefined) out.days = [...new Set(w.days)];
  if (w.between !== undefined) {
    const b = parseBetween(w.between);
    if (b === undefined) {
      problem(
        `${path}.between`,
        `"${w.between}" is not a time range HH:MM-HH:MM (24 h, start ≠ end; 22:00-06:00 crosses midnight)`,
      );
      return undefined;
    }
    out.between = { ...b, text: w.between };
  }
  return out;
}
