/** parseOsdMap / readSnapshot on real dumps and broken variants. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOsdMap, pgMask } from '../../../src/ceph/read-osdmap.js';
import { parseSnapshot } from '../../../src/ceph/read-snapshot.js';
import { readInput } from '../../../src/cli/read-input.js';

const readSnapshot = (om: string, cr: string) => parseSnapshot(readInput(om), readInput(cr));
import { LoadshiftError } from '../../../src/errors.js';
import { OSDMAP_FIX, readFixtureText } from './osdmap-fixtures.js';

const json = (name: string) => JSON.parse(readFixtureText(name, 'osdmap.json')) as Record<string, any>;

function inputErr(f: () => unknown): LoadshiftError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(LoadshiftError);
    expect((e as LoadshiftError).kind).toBe('input');
    expect((e as LoadshiftError).message).not.toContain('\n');
    return e as LoadshiftError;
  }
  throw new Error('no error');
}

describe('parseOsdMap', () => {
  it('reads pools, OSD states, affinities, upmaps', () => {
    const m = parseOsdMap(json('mg24-upmap'), 'x');
    expect(m.maxOsd).toBe(24);
    expect([...m.pools.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const pgp = m.pools.get(3)!;
    expect([pgp.pgNum, pgp.pgpNum, pgp.pgNumMask, pgp.pgpNumMask]).toEqual([64, 24, 63, 31]);
    expect(m.pools.get(2)!.pgNumMask).toBe(127);
    expect(m.pools.get(4)!.type).toBe('erasure');
    expect(m.pools.get(6)!.hashpspool).toBe(false);
    expect(m.pools.get(1)!.hashpspool).toBe(true);
    expect(m.weight[1]).toBe(0);
    expect(m.weight[0]).toBe(0x10000);
    expect([m.primaryAffinity![1], m.primaryAffinity![5], m.primaryAffinity![9], m.primaryAffinity![17]]).toEqual([
      0, 0x8000, 0x4000, 0xc000,
    ]);
    expect(m.pgUpmap.size).toBeGreaterThan(0);
    expect(m.pgUpmapItems.size).toBeGreaterThan(0);
    expect(m.requireMinCompatClient).toBe('reef');
  });

  it('recovers 16.16 weights exactly from the printed floats', () => {
    const j = json('conf16-pg128');
    const vals = [0x8000, 0x4ccc, 1, 0xffff, 0x1999, 0x10000, 0];
    vals.forEach((w, i) => {
      j.osds[i].weight = Math.fround(w / 0x10000);
      j.osds[i].in = w === 0 ? 0 : 1;
      j.osds[i].primary_affinity = Number(Math.fround(w / 0x10000).toPrecision(17));
    });
    const m = parseOsdMap(j, 'x');
    vals.forEach((w, i) => {
      expect(m.weight[i]).toBe(w);
      expect(m.primaryAffinity![i]).toBe(w);
    });
    expect(m.primaryAffinity).toBeDefined();
    expect(parseOsdMap(json('conf16-pg128'), 'x').primaryAffinity).toBeUndefined();
  });

  it('masks', () => {
    expect([pgMask(1), pgMask(2), pgMask(3), pgMask(100), pgMask(128), pgMask(129)]).toEqual([0, 1, 3, 127, 127, 255]);
  });

  it('rejects bad input with one-line errors naming the field', () => {
    const crush = JSON.parse(readFixtureText('mg24', 'crush.json'));
    expect(inputErr(() => parseOsdMap(crush, 'f')).message).toMatch(/CRUSH map dump/);
    expect(inputErr(() => parseOsdMap([], 'f')).message).toMatch(/expected the JSON object/);
    expect(inputErr(() => parseOsdMap({ epoch: 1 }, 'f')).message).toMatch(/missing max_osd, osds, pools/);
    const cases: Array<[(j: Record<string, any>) => void, RegExp]> = [
      [
        (j) => {
          j.pools[0].pg_num = 0;
        },
        /^pools\[0\]\.pg_num: pool 'rbd' has pg_num 0/,
      ],
      [
        (j) => {
          j.pools[0].type = 2;
        },
        /^pools\[0\]\.type: pool type 2/,
      ],
      [
        (j) => {
          j.pools[0].pg_placement_num = 999;
        },
        /pgp_num 999 > pg_num/,
      ],
      [
        (j) => {
          delete j.pools[0].crush_rule;
        },
        /^pools\[0\]\.crush_rule: missing/,
      ],
      [
        (j) => {
          j.osds[3].osd = 99;
        },
        /^osds\[3\]\.osd: osd\.99 is not below max_osd 16/,
      ],
      [
        (j) => {
          j.osds[3].weight = 1.5;
        },
        /^osds\[3\]\.weight: 1\.5 is out of range/,
      ],
      [
        (j) => {
          j.osds[3].weight = 0;
        },
        /^osds\[3\]: 'in' is 1 but weight is 0/,
      ],
      [
        (j) => {
          j.osds[2].osd = 1;
        },
        /listed twice/,
      ],
      [
        (j) => {
          j.pg_upmap_primaries = [{ pgid: 'x', primary_osd: 1 }];
        },
        /^pg_upmap_primaries\[0\]\.pgid: 'x' is not a pgid/,
      ],
      [
        (j) => {
          j.pg_upmap_items = [{ pgid: '1.0', mappings: [{ from: 1, to: -4 }] }];
        },
        /mappings\[0\]\.to: -4 is not a valid OSD id/,
      ],
      [
        (j) => {
          j.pools = {};
        },
        /^pools: expected an array/,
      ],
    ];
    for (const [edit, re] of cases) {
      const j = json('conf16-pg128');
      edit(j);
      expect(inputErr(() => parseOsdMap(j, 'f')).message).toMatch(re);
    }
  });

  it('keeps upmap entries of unknown pools (Ceph ignores them when mapping)', () => {
    const j = json('conf16-pg128');
    j.pg_upmap_primaries = [{ pgid: '42.0', primary_osd: 1 }];
    expect(parseOsdMap(j, 'f').pgUpmapPrimaries.get('42.0')).toBe(1);
  });
});

describe('readSnapshot', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'loadshift-snap-'));
  const put = (n: string, v: unknown) => {
    const p = join(tmp, n);
    writeFileSync(p, typeof v === 'string' ? v : JSON.stringify(v));
    return p;
  };
  const om = join(OSDMAP_FIX, 'mg24/osdmap.json');
  const cr = join(OSDMAP_FIX, 'mg24/crush.json');
  it('reads a matching pair', () => {
    const { osdmap, crush } = readSnapshot(om, cr);
    expect(osdmap.pools.size).toBe(10);
    expect(crush.rules.length).toBeGreaterThan(0);
  });
  it('names the pool and the rule that the CRUSH map lacks', () => {
    const j = JSON.parse(readFileSync(om, 'utf8'));
    j.pools[1].crush_rule = 77;
    const p = put('rule.json', j);
    const e = inputErr(() => readSnapshot(p, cr));
    expect(e.subject).toBe(p);
    expect(e.message).toMatch(/pool 2 'odd': crush_rule 77 is not in the CRUSH map/);
  });
  it('detects swapped files and mismatched clusters', () => {
    expect(inputErr(() => readSnapshot(cr, cr)).subject).toBe(cr);
    const e = inputErr(() => readSnapshot(om, om));
    expect(e.message).toMatch(/OSD map dump/);
    const small = join(OSDMAP_FIX, 'small/osdmap.json');
    expect(inputErr(() => readSnapshot(small, cr)).message).toMatch(/crush_rule|max_osd/);
    expect(inputErr(() => readSnapshot(put('t.json', readFileSync(om, 'utf8').slice(0, 500)), cr)).message).toMatch(
      /not valid JSON/,
    );
  });
});
