import type { OsdMap } from './osdmap.js';
import { withPrimaryAffinity } from './primary-affinity.js';
import { withUpmapPrimaries } from './pg-upmap-primary.js';

/** What a plan script changes: pg_upmap_primary entries (null: removed) and primary affinities (16.16). */
export type MapChange =
  | { kind: 'upmap-primary'; pgid: string; osd: number }
  | { kind: 'rm-upmap-primary'; pgid: string }
  | { kind: 'primary-affinity'; osd: number; value: number };

/** The osdmap after the commands, in order (the monitor's effect of each; the input is not modified). */
export function withScriptCommands(osdmap: OsdMap, cmds: readonly MapChange[]): OsdMap {
  const upmaps = cmds.flatMap((c) =>
    c.kind === 'upmap-primary'
      ? [{ pgid: c.pgid, osd: c.osd as number | null }]
      : c.kind === 'rm-upmap-primary'
        ? [{ pgid: c.pgid, osd: null }]
        : [],
  );
  const aff = cmds.flatMap((c) => (c.kind === 'primary-affinity' ? [{ osd: c.osd, value: c.value }] : []));
  const a = upmaps.length > 0 ? withUpmapPrimaries(osdmap, upmaps) : osdmap;
  return aff.length > 0 ? withPrimaryAffinity(a, aff) : a;
}
