/**
 * A policy file as parsed and checked against its schema (parse-policy-file.ts): the base policy and the rules in
 * the order they apply. Plain data; `lines` maps each field's path (`rules[0].drain.hosts[0]`) to its line in the
 * file so that later checks (names against a cluster, a custom module's result) can point at it.
 */

export const BASE_POLICIES = ['even', 'ceph', 'proportional'] as const;
export type BasePolicyName = (typeof BASE_POLICIES)[number];

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Day = (typeof DAYS)[number];

/** When a rule is in force: on these days (the day a window starts on), between these times, in this time zone. */
export interface WindowSpec {
  /** Days the window starts on; every day when absent. */
  days?: Day[];
  /** Minutes after midnight, [start, end); end ≤ start crosses midnight. Whole day when absent. */
  between?: { start: number; end: number; text: string };
  /** IANA time zone name; UTC when absent. */
  tz: string;
}

/** No primaries on these OSDs or on the OSDs under these CRUSH buckets. */
export interface DrainRule {
  kind: 'drain';
  osds: number[];
  /** Buckets by name; `type` is the CRUSH type the field named (`hosts`: host), undefined for `buckets:`. */
  buckets: Array<{ name: string; type: string | undefined; path: string }>;
  reason?: string;
}

/** Lower the share of OSDs whose read latency stays high; restore it once it stays low (hysteresis). */
export interface LatencyRule {
  kind: 'latency';
  aboveMs?: number;
  relative?: number;
  rounds: number;
  restoreBelowMs?: number;
  restoreRelative?: number;
  restoreRounds: number;
  /** The slow OSD's share is multiplied by this (0: it leads what it can give away). */
  factor: number;
}

/** Shares multiplied per device class and per OSD (NVMe 3, HDD 1: an NVMe OSD leads three times as many). */
export interface ProportionalRule {
  kind: 'proportional';
  byClass: Record<string, number>;
  /** Key: OSD id (decimal). */
  byOsd: Record<string, number>;
  /** Factor of OSDs whose class and id are not listed. */
  otherwise: number;
}

/** A JavaScript module the operator wrote (path relative to the policy file), exporting one pure function. */
export interface CustomRule {
  kind: 'custom';
  module: string;
  /** Given to the function as its third argument, as written. */
  options: unknown;
}

export type RuleBody = DrainRule | LatencyRule | ProportionalRule | CustomRule;

export type RuleSpec = RuleBody & {
  /** Position in `rules` (0-based), also the key of its conditions in PolicyState. */
  index: number;
  /** Line of the rule's entry in the file. */
  line: number;
  when?: WindowSpec;
};

export interface PolicySpec {
  /** The file name as given (for messages). */
  file: string;
  base: BasePolicyName;
  /** The shares of `policy: proportional` (its `proportional:` field). */
  proportional?: ProportionalRule;
  rules: RuleSpec[];
  /** Field path → line (1-based). */
  lines: ReadonlyMap<string, number>;
}

/** One thing wrong with a policy file: where, which field, what. */
export interface PolicyProblem {
  line: number;
  /** Field path, e.g. `rules[0].drain.hosts[0]`; '' for the whole document. */
  path: string;
  message: string;
}

/** The line of a path, or of its nearest ancestor that has one (a missing field: the object that lacks it). */
export function lineOf(lines: ReadonlyMap<string, number>, path: string): number {
  for (let p = path; ; ) {
    const l = lines.get(p);
    if (l !== undefined) return l;
    if (p === '') return 1;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut <= 0 ? '' : p.slice(0, cut);
  }
}
