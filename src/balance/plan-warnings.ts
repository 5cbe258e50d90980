import type { OsdMap } from '../cluster/osdmap.js';

/** Ceph releases in order, as `require_min_compat_client` names them. */
const RELEASES = [
  'argonaut',
  'bobtail',
  'cuttlefish',
  'dumpling',
  'emperor',
  'firefly',
  'giant',
  'hammer',
  'infernalis',
  'jewel',
  'kraken',
  'luminous',
  'mimic',
  'nautilus',
  'octopus',
  'pacific',
  'quincy',
  'reef',
  'squid',
  'tentacle',
];

/**
 * What the operator must know before running a plan's commands: the monitor refuses pg-upmap-primary unless
 * require_min_compat_client is reef or later (EPERM).
 */
export function planWarnings(osdmap: OsdMap, opCount: number, setCount = opCount): string[] {
  if (opCount === 0) return [];
  const out: string[] = [];
  const have = RELEASES.indexOf(osdmap.requireMinCompatClient);
  if (have < RELEASES.indexOf('reef')) {
    const now = ['', 'unknown'].includes(osdmap.requireMinCompatClient) ? 'not set' : osdmap.requireMinCompatClient;
    out.push(
      `require_min_compat_client is ${now}: the monitor refuses pg-upmap-primary until 'ceph osd set-require-min-compat-client reef' (every client must then be Reef or later)`,
    );
  }
  if (setCount > 0) {
    out.push(
      'kernel clients (krbd, kernel CephFS) and pre-Reef librados ignore pg-upmap-primary and hang on the moved PGs: apply only if no such client uses these pools',
    );
  }
  return out;
}
