/**
 * Writes a CRUSH map dump (`ceph osd crush dump -f json`) as CRUSH text that `crushtool -c` compiles back to the
 * same map: tunables, devices with classes, types, the non-shadow buckets children first with the ids of their
 * class shadows (`id -4 class hdd`), rules. Weights are written exactly (crushtool -d rounds them to 5 decimals).
 * choose_args are not written.
 */
type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as unknown[]).map(obj) : []);

const TUNABLES = [
  'choose_local_tries',
  'choose_local_fallback_tries',
  'choose_total_tries',
  'chooseleaf_descend_once',
  'chooseleaf_vary_r',
  'chooseleaf_stable',
  'straw_calc_version',
  'allowed_bucket_algs',
  'msr_descents',
  'msr_collision_tries',
];
const RULE_TYPES: Record<number, string> = { 1: 'replicated', 3: 'erasure', 4: 'msr_firstn', 5: 'msr_indep' };

/** A 16.16 weight as a decimal that parses back to the same value (exact for weights below 256). */
function weightText(w: number): string {
  const f = w / 0x10000;
  const five = f.toFixed(5);
  return Math.trunc(Math.fround(Number(five)) * 0x10000) === w ? five : String(f);
}

export function crushText(dump: unknown): string {
  const d = obj(dump);
  const tun = obj(d.tunables);
  const out: string[] = ['# begin crush map'];
  for (const t of TUNABLES) if (typeof tun[t] === 'number') out.push(`tunable ${t} ${tun[t]}`);
  out.push('', '# devices');
  const devName = new Map<number, string>();
  for (const dev of arr(d.devices)) {
    devName.set(Number(dev.id), String(dev.name));
    out.push(`device ${dev.id} ${dev.name}${typeof dev.class === 'string' ? ` class ${dev.class}` : ''}`);
  }
  out.push('', '# types');
  const typeName = new Map<number, string>();
  for (const t of arr(d.types)) {
    typeName.set(Number(t.type_id), String(t.name));
    out.push(`type ${t.type_id} ${t.name}`);
  }
  const buckets = arr(d.buckets);
  const byId = new Map<number, Obj>(buckets.map((b) => [Number(b.id), b]));
  const nameOf = (id: number) => (id >= 0 ? (devName.get(id) ?? `osd.${id}`) : String(byId.get(id)?.name));
  // shadow ids per original bucket name, in class order of the devices list
  const shadows = new Map<string, { id: number; cls: string }[]>();
  for (const b of buckets) {
    const [base, cls] = String(b.name).split('~');
    if (cls === undefined || base === undefined) continue;
    shadows.set(base, [...(shadows.get(base) ?? []), { id: Number(b.id), cls }]);
  }
  out.push('', '# buckets');
  const done = new Set<number>();
  const write = (b: Obj): void => {
    const id = Number(b.id);
    if (done.has(id)) return;
    done.add(id);
    const items = arr(b.items);
    for (const it of items) {
      const child = byId.get(Number(it.id));
      if (child) write(child);
    }
    out.push(`${b.type_name ?? typeName.get(Number(b.type_id))} ${b.name} {`);
    out.push(`\tid ${id}\t\t# do not change unnecessarily`);
    for (const s of (shadows.get(String(b.name)) ?? []).sort((x, y) => y.id - x.id))
      out.push(`\tid ${s.id} class ${s.cls}\t\t# do not change unnecessarily`);
    out.push(`\t# weight ${(Number(b.weight) / 0x10000).toFixed(5)}`);
    out.push(`\talg ${b.alg}`, '\thash 0\t# rjenkins1');
    for (const it of items) out.push(`\titem ${nameOf(Number(it.id))} weight ${weightText(Number(it.weight))}`);
    out.push('}');
  };
  for (const b of buckets) if (!String(b.name).includes('~')) write(b);
  out.push('', '# rules');
  for (const r of arr(d.rules)) {
    out.push(`rule ${r.rule_name} {`, `\tid ${r.rule_id}`, `\ttype ${RULE_TYPES[Number(r.type)] ?? r.type}`);
    for (const s of arr(r.steps)) out.push(`\tstep ${stepText(s)}`);
    out.push('}');
  }
  out.push('', '# end crush map', '');
  return out.join('\n');
}

function stepText(s: Obj): string {
  const op = String(s.op);
  if (op === 'take') {
    const [base, cls] = String(s.item_name).split('~');
    return cls === undefined ? `take ${base}` : `take ${base} class ${cls}`;
  }
  const m = /^(choose|chooseleaf)_(firstn|indep)$/.exec(op);
  if (m) return `${m[1]} ${m[2]} ${s.num} type ${s.type}`;
  if (op === 'emit' || op === 'noop') return op;
  if (op === 'choosemsr') return `choosemsr ${s.num} type ${s.type}`;
  return `${op} ${s.num}`;
}
