/**
 * The summary `osdmaptool --test-map-pgs-dump-all` prints after the per-PG lines (Ceph Reef), over the PGs printed:
 *   #osd  count  first  primary  c wt  wt     one row per OSD that is in and has a positive CRUSH item weight
 *    in N / avg A stddev D (D/Ax) (expected E E/Ax)) / min osd.I C / max osd.I C / size K<TAB>PGs
 * count: PGs whose acting set holds the OSD; first: PGs whose acting set starts with it; primary: PGs it is the
 * acting primary of. avg is an integer division; the numbers print as C++ streams print doubles (%g, 6 digits).
 */
import { ITEM_NONE, type OsdMap } from '../cluster/osdmap.js';
import type { CrushMap } from '../crush/types.js';

/** A C++ ostream's default rendering of a double: %g with 6 significant digits. */
export function formatG(x: number): string {
  if (Number.isNaN(x)) return '-nan'; // 0.0/0.0 on x86-64 has the sign bit set
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const exp = Number(x.toExponential(5).split('e')[1]);
  if (exp < -4 || exp >= 6) {
    const [m, e] = x.toExponential(5).split('e') as [string, string];
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const n = Number(e);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const t = x.toPrecision(6);
  return t.includes('.') ? t.replace(/0+$/, '').replace(/\.$/, '') : t;
}

/** CrushWrapper::get_item_weight: the item's weight in the first bucket (by index) that holds it; -1 if none. */
function crushItemWeights(crush: CrushMap, n: number): Float64Array {
  const w = new Float64Array(n).fill(-1);
  for (const b of crush.buckets) {
    if (b === undefined) continue;
    for (let k = 0; k < b.items.length; k++) {
      const item = b.items[k] as number;
      if (item >= 0 && item < n && w[item] === -1) w[item] = b.weights[k] as number;
    }
  }
  return w;
}

/** One PG as the summary sees it: its acting set and acting primary. */
export interface ActingPg {
  acting: readonly number[];
  actingPrimary: number;
}

export function mapPgsSummary(osdmap: OsdMap, crush: CrushMap, acting: Iterable<ActingPg>): string[] {
  const n = osdmap.maxOsd;
  const count = new Float64Array(n);
  const first = new Float64Array(n);
  const primary = new Float64Array(n);
  const size: number[] = [];
  for (const m of acting) {
    size[m.acting.length] = (size[m.acting.length] ?? 0) + 1;
    for (const o of m.acting) if (o !== ITEM_NONE && o >= 0 && o < n) count[o]!++;
    const f = m.acting[0];
    if (f !== undefined && f !== ITEM_NONE && f >= 0 && f < n) first[f]!++;
    if (m.actingPrimary >= 0 && m.actingPrimary < n) primary[m.actingPrimary]!++;
  }
  const cw = crushItemWeights(crush, n);
  const listed: number[] = [];
  for (let o = 0; o < n; o++)
    if (osdmap.exists[o] === 1 && osdmap.weight[o] !== 0 && (cw[o] as number) > 0) listed.push(o);
  const out = ['#osd\tcount\tfirst\tprimary\tc wt\twt'];
  let total = 0;
  let minOsd = -1;
  let maxOsd = -1;
  for (const o of listed) {
    const c = count[o] as number;
    const crushW = Math.fround(Math.fround(cw[o] as number) / 0x10000);
    const rew = Math.fround(Math.fround(osdmap.weight[o] as number) / 0x10000);
    out.push(`osd.${o}\t${c}\t${first[o]}\t${primary[o]}\t${formatG(crushW)}\t${formatG(rew)}`);
    total += c;
    if (c > 0 && (minOsd < 0 || c < (count[minOsd] as number))) minOsd = o;
    if (c > 0 && (maxOsd < 0 || c > (count[maxOsd] as number))) maxOsd = o;
  }
  const inCount = listed.length;
  const avg = inCount > 0 ? Math.floor(total / inCount) : 0;
  let dev = 0;
  for (const o of listed) dev += (avg - (count[o] as number)) ** 2;
  dev = Math.sqrt(dev / inCount);
  const edev = Math.sqrt((total / inCount) * (1 - 1 / inCount));
  out.push(` in ${inCount}`);
  out.push(
    ` avg ${avg} stddev ${formatG(dev)} (${formatG(dev / avg)}x) (expected ${formatG(edev)} ${formatG(edev / avg)}x))`,
  );
  if (minOsd >= 0) out.push(` min osd.${minOsd} ${count[minOsd]}`);
  if (maxOsd >= 0) out.push(` max osd.${maxOsd} ${count[maxOsd]}`);
  size.forEach((k, i) => {
    if (k) out.push(`size ${i}\t${k}`);
  });
  return out;
}
