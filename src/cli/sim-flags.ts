/**
 * The simulator's model knobs as command-line flags: parsers for each value and the step from the flags (and the
 * loaded cluster) to the simulator's workload. Every bad value is a usage error naming its flag.
 */
import type { HostIndex } from '../cluster/host-index.js';
import { osdExists, type OsdMap } from '../cluster/osdmap.js';
import { usageError } from '../errors.js';
import type { ServiceDist, SimWorkload, SlowHost } from '../sim/sim-model.js';

export interface SimFlags {
  reads: number;
  loop: 'open' | 'closed';
  rate?: number;
  load: number;
  clients: number;
  depth: number;
  zipf: number;
  objectsPerPg: number;
  writeRatio: number;
  service: Map<string, number>;
  defaultClass: string;
  serviceDist: ServiceDist;
  noisy: string[];
  osdService: string[];
  slowHost: string[];
  ioSize: number;
  osdThreads: number;
  sharedCores: number;
  seed: number;
}

const NUM = /^\d+(?:\.\d+)?(?:e[+-]?\d+)?$/;

/** A number flag: `min <= v` (or `<`) and `v <= max`; integers only when asked. */
export function numberFlag(flag: string, o: { min?: number; max?: number; above?: number; int?: boolean } = {}) {
  return (value: string): number => {
    const v = Number(value);
    const ok =
      NUM.test(value) &&
      Number.isFinite(v) &&
      (o.min === undefined || v >= o.min) &&
      (o.above === undefined || v > o.above) &&
      (o.max === undefined || v <= o.max) &&
      (!o.int || Number.isInteger(v));
    if (!ok) {
      const lo = o.above !== undefined ? `(${o.above}` : o.min !== undefined ? `[${o.min}` : undefined;
      const range =
        lo !== undefined && o.max !== undefined
          ? `in ${lo}, ${o.max}]`
          : lo !== undefined
            ? `${lo.startsWith('(') ? '>' : '>='} ${lo.slice(1)}`
            : '';
      const what = `${o.int ? 'an integer' : 'a number'}${range ? ` ${range}` : ''}`;
      throw usageError(flag, `expected ${what}, got '${value}'`);
    }
    return v;
  };
}

/** `12ms`, `0.5ms`, `300us` or a bare number of milliseconds. */
function millis(flag: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|us|s)?$/.exec(text);
  if (!m) throw usageError(flag, `'${text}' is not a duration (e.g. 8ms, 500us)`);
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
}

/** `hdd:8ms,ssd:0.5ms,nvme:0.1ms`: mean service time per device class; merged over the defaults. */
export function parseService(text: string): Map<string, number> {
  const out = new Map(DEFAULT_SERVICE);
  for (const part of text.split(',')) {
    const [cls, t, more] = part.split(':');
    if (!cls || t === undefined || more !== undefined)
      throw usageError('--service', `'${part}' is not CLASS:TIME (e.g. hdd:8ms)`);
    const ms = millis('--service', t);
    if (!(ms > 0)) throw usageError('--service', `the service time of '${cls}' must be above 0`);
    out.set(cls, ms);
  }
  return out;
}
export const DEFAULT_SERVICE: ReadonlyMap<string, number> = new Map([
  ['hdd', 8],
  ['ssd', 0.5],
  ['nvme', 0.1],
]);

/** `exp`, `det` or `lognormal[:CV]` (CV: coefficient of variation, default 1). */
export function parseDist(text: string): ServiceDist {
  if (text === 'exp' || text === 'det') return { kind: text };
  const m = /^lognormal(?::(\d+(?:\.\d+)?))?$/.exec(text);
  if (m) {
    const cv = m[1] === undefined ? 1 : Number(m[1]);
    if (cv > 0) return { kind: 'lognormal', cv };
  }
  throw usageError('--service-dist', `'${text}' is not exp, det or lognormal[:CV] (CV > 0)`);
}

function noisyOf(osdmap: OsdMap, text: string): { osd: number; util: number } {
  const m = /^(?:osd\.)?(\d+):(\d*\.?\d+)$/.exec(text);
  if (!m) throw usageError('--noisy', `'${text}' is not osd.N:UTIL (e.g. osd.3:0.5)`);
  const osd = Number(m[1]);
  const util = Number(m[2]);
  if (!osdExists(osdmap, osd)) throw usageError('--noisy', `osd.${osd} is not in this cluster`);
  if (!(util >= 0 && util < 1)) throw usageError('--noisy', `background utilisation must be in [0, 1), got ${m[2]}`);
  return { osd, util };
}

function slowHostOf(hosts: HostIndex, text: string): SlowHost {
  const parts = text.split(':');
  const [name, extra, bw] = parts;
  if (!name || extra === undefined || parts.length > 3)
    throw usageError('--slow-host', `'${text}' is not HOST:EXTRA[:MBPS] (e.g. node2:2ms:100)`);
  const host = hosts.names.indexOf(name);
  if (host < 0) {
    const known = hosts.names.slice(0, 8).join(', ') + (hosts.names.length > 8 ? ', ...' : '');
    throw usageError('--slow-host', `no host '${name}' in the CRUSH map (hosts: ${known})`);
  }
  const mbps = bw === undefined ? 0 : numberFlag('--slow-host', { above: 0 })(bw);
  return { host, extraMs: millis('--slow-host', extra), mbps };
}

/** `--osd-service osd.N:TIME`: that OSD's mean service time, whatever its class (a slow or throttled OSD). */
export function osdServiceOverrides(osdmap: OsdMap, specs: readonly string[]): Array<{ osd: number; ms: number }> {
  return specs.map((text) => {
    const m = /^(?:osd\.)?(\d+):(.+)$/.exec(text);
    if (!m) throw usageError('--osd-service', `'${text}' is not osd.N:TIME (e.g. osd.3:2ms)`);
    const osd = Number(m[1]);
    if (!osdExists(osdmap, osd)) throw usageError('--osd-service', `osd.${osd} is not in this cluster`);
    const ms = millis('--osd-service', m[2] as string);
    if (!(ms > 0)) throw usageError('--osd-service', 'the service time must be above 0');
    return { osd, ms };
  });
}

/** The workload the flags describe, checked against the cluster (OSDs and hosts named by the flags). */
export function simWorkload(f: SimFlags, osdmap: OsdMap, hosts: HostIndex): SimWorkload {
  if (f.rate !== undefined && f.loop === 'closed') throw usageError('--rate', 'applies to --loop open only');
  const background = new Float64Array(osdmap.maxOsd);
  for (const n of f.noisy) {
    const { osd, util } = noisyOf(osdmap, n);
    background[osd] = util;
  }
  return {
    reads: f.reads,
    seed: f.seed,
    loop: f.loop,
    readRate: f.rate ?? 0,
    load: f.load,
    clients: f.clients,
    depth: f.depth,
    zipf: f.zipf,
    objectsPerPg: f.objectsPerPg,
    writeRatio: f.writeRatio,
    dist: f.serviceDist,
    background,
    slowHosts: f.slowHost.map((s) => slowHostOf(hosts, s)),
    ioBytes: f.ioSize,
    osdThreads: f.osdThreads,
    sharedCores: f.sharedCores,
  };
}
