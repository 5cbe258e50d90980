#!/usr/bin/env bash
# Generates test/fixtures/crush-tentacle/<name>/ with the REAL Ceph Tentacle 20.2.4 crushtool (through
# /work/shared/ceph-tentacle/run.sh, needs root): CRUSH maps with MSR rules (msr_firstn / msr_indep, choosemsr,
# set_msr_* steps, msr_* tunables, choose_args, device classes, every bucket algorithm) beside classic rules.
# Same layout as test/fixtures/crush (scripts/gen-crush-fixtures.sh): crush.txt, crush.json (crushtool --dump),
# cases.txt ("<file> <crushtool --test arguments>"), <case>.txt = crushtool --test --show-mappings output.
# Nothing is written by hand: every expected mapping is Tentacle crushtool's output.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/test/fixtures/crush-tentacle
RUN=${CEPH_TENTACLE_RUN:-/work/shared/ceph-tentacle/run.sh}
WORK=$(mktemp -d /tmp/msr-fixtures.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

python3 - "$WORK" <<'PY'
import os, sys
work = sys.argv[1]
TYPES = ['osd', 'host', 'chassis', 'rack', 'row', 'pdu', 'pod', 'room', 'datacenter', 'zone', 'region', 'root']
JEWEL = [('choose_local_tries', 0), ('choose_local_fallback_tries', 0), ('choose_total_tries', 50),
         ('chooseleaf_descend_once', 1), ('chooseleaf_vary_r', 1), ('chooseleaf_stable', 1),
         ('straw_calc_version', 1), ('allowed_bucket_algs', 54)]
W = lambda i: [1.0, 2.0, 0.5, 1.5, 3.0, 1.0, 0.75, 4.0][i % 8]

class Map:
    def __init__(self, extra_tunables=()):
        self.tun = list(JEWEL) + list(extra_tunables)
        self.devices, self.buckets, self.rules, self.extra, self.next_id = [], [], [], '', -1
    def osd(self, i, cls=None):
        self.devices.append((i, cls)); return 'osd.%d' % i
    def bucket(self, type_, name, alg, items):
        bid = self.next_id; self.next_id -= 1
        lines = ['%s %s {' % (type_, name), '\tid %d' % bid, '\talg %s' % alg, '\thash 0']
        lines += ['\titem %s weight %.5f' % (n, w) for n, w in items]
        self.buckets.append('\n'.join(lines) + '\n}\n')
        return name
    def rule(self, rid, name, steps, type_):
        body = '\n'.join('\tstep ' + s for s in steps)
        self.rules.append('rule %s {\n\tid %d\n\ttype %s\n%s\n}\n' % (name, rid, type_, body))
    def write(self, name):
        d = os.path.join(work, name); os.makedirs(d, exist_ok=True)
        t = ['# begin crush map'] + ['tunable %s %d' % kv for kv in self.tun]
        t += ['device %d osd.%d%s' % (i, i, ' class ' + c if c else '') for i, c in sorted(self.devices)]
        t += ['type %d %s' % (i, n) for i, n in enumerate(TYPES)]
        open(os.path.join(d, 'crush.txt'), 'w').write('\n'.join(t) + '\n' + ''.join(self.buckets) + ''.join(self.rules) + self.extra)

def racks(m, nracks, hosts_per_rack, per_host, alg='straw2', weight=W, cls=lambda i: None, host_alg=None):
    osd = 0; rk = []
    for r in range(nracks):
        hs = []
        for h in range(hosts_per_rack):
            items = []
            for _ in range(per_host):
                items.append((m.osd(osd, cls(osd)), weight(osd))); osd += 1
            hn = 'host%d' % (r * hosts_per_rack + h)
            hs.append((m.bucket('host', hn, host_alg(r * hosts_per_rack + h) if host_alg else alg, items), sum(w for _, w in items)))
        rk.append((m.bucket('rack', 'rack%d' % r, alg, hs), sum(w for _, w in hs)))
    m.bucket('root', 'default', alg, rk)

MSR_RULES = [
    (0, 'msr_ec_2x2', ['take default', 'choosemsr 2 type host', 'choosemsr 2 type osd', 'emit'], 'msr_indep'),
    (1, 'msr_ec_3x2', ['take default', 'choosemsr 3 type host', 'choosemsr 2 type osd', 'emit'], 'msr_indep'),
    (2, 'msr_ec_4x4', ['take default', 'choosemsr 4 type host', 'choosemsr 4 type osd', 'emit'], 'msr_indep'),
    (3, 'msr_rep_host', ['take default', 'choosemsr 0 type host', 'choosemsr 1 type osd', 'emit'], 'msr_firstn'),
    (4, 'msr_rep_2x2', ['take default', 'choosemsr 2 type host', 'choosemsr 2 type osd', 'emit'], 'msr_firstn'),
    (5, 'msr_osd', ['take default', 'choosemsr 0 type osd', 'emit'], 'msr_indep'),
    (6, 'msr_rack_host_osd', ['take default', 'choosemsr 2 type rack', 'choosemsr 2 type host', 'choosemsr 1 type osd', 'emit'], 'msr_indep'),
    (7, 'msr_tries_low', ['set_msr_descents 3', 'set_msr_collision_tries 1', 'take default', 'choosemsr 3 type host', 'choosemsr 2 type osd', 'emit'], 'msr_indep'),
    (8, 'msr_tries_fn', ['set_msr_descents 2', 'set_msr_collision_tries 4', 'take default', 'choosemsr 0 type host', 'choosemsr 1 type osd', 'emit'], 'msr_firstn'),
    (9, 'msr_two_blocks', ['take rack0', 'choosemsr 2 type host', 'choosemsr 1 type osd', 'emit', 'take rack1', 'choosemsr 0 type host', 'choosemsr 2 type osd', 'emit'], 'msr_indep'),
    (10, 'msr_two_blocks_fn', ['take rack1', 'choosemsr 1 type host', 'choosemsr 2 type osd', 'emit', 'take default', 'choosemsr 0 type host', 'choosemsr 1 type osd', 'emit'], 'msr_firstn'),
    (11, 'msr_host_direct', ['take host0', 'choosemsr 0 type osd', 'emit'], 'msr_firstn'),
    (12, 'classic_rep', ['take default', 'chooseleaf firstn 0 type host', 'emit'], 'replicated'),
    (13, 'classic_ec', ['set_chooseleaf_tries 5', 'set_choose_tries 100', 'take default', 'chooseleaf indep 0 type host', 'emit'], 'erasure'),
]
def msr_rules(m, rules=MSR_RULES):
    for r in rules: m.rule(*r)

# straw2 racks x hosts x osds, mixed weights
m = Map(); racks(m, 3, 2, 4); msr_rules(m); m.write('msr-straw2')
# few hosts: the wide rules cannot be satisfied (indep holes, firstn short), zero-weight OSDs, an empty host
m = Map(); racks(m, 2, 2, 3, weight=lambda i: 0.0 if i in (4, 9) else W(i))
m.buckets.insert(0, 'host empty {\n\tid -99\n\talg straw2\n\thash 0\n}\n')
m.buckets[-1] = m.buckets[-1].replace('}\n', '\titem empty weight 0.00000\n}\n')
msr_rules(m); m.write('msr-small')
# every bucket algorithm under the MSR descent (racks list, hosts of each algorithm)
ALGS = ['uniform', 'straw', 'straw2', 'list', 'tree', 'straw2']
m = Map(); racks(m, 3, 2, 4, alg='straw2', host_alg=lambda h: ALGS[h % len(ALGS)], weight=lambda i: 1.0 if ALGS[(i // 4) % 6] == 'uniform' else W(i))
msr_rules(m); m.write('msr-mixed-algs')
# msr_* tunables in the map itself
m = Map([('msr_descents', 4), ('msr_collision_tries', 2)]); racks(m, 2, 3, 3); msr_rules(m); m.write('msr-tunables')
# device classes: shadow trees taken by MSR rules
m = Map(); cls = lambda i: 'ssd' if i % 3 == 0 else 'hdd'
racks(m, 3, 2, 5, cls=cls)
m.rule(0, 'msr_ssd', ['take default class ssd', 'choosemsr 3 type host', 'choosemsr 1 type osd', 'emit'], 'msr_indep')
m.rule(1, 'msr_hdd_2x2', ['take default class hdd', 'choosemsr 3 type host', 'choosemsr 2 type osd', 'emit'], 'msr_indep')
m.rule(2, 'msr_hdd_fn', ['take default class hdd', 'choosemsr 0 type rack', 'choosemsr 1 type host', 'choosemsr 1 type osd', 'emit'], 'msr_firstn')
m.rule(3, 'classic_ssd', ['take default class ssd', 'chooseleaf firstn 0 type host', 'emit'], 'replicated')
m.write('msr-classes')
# choose_args: weight sets (several positions) and replacement ids on straw2 buckets
m = Map(); racks(m, 2, 3, 4); msr_rules(m)
def ws(n, f): return '[ ' + ' '.join('%.5f' % f(k) for k in range(n)) + ' ]'
a0 = ['  {\n    bucket_id -%d\n    weight_set [\n      %s\n      %s\n    ]\n  }' % (b, ws(4, lambda k: [0.5, 1.0, 2.0, 0.0][(k + b) % 4]), ws(4, lambda k: [1.0, 3.0, 1.0, 0.25][(k + b) % 4])) for b in (1, 2, 3)]
a0 += ['  {\n    bucket_id -4\n    weight_set [\n      %s\n    ]\n    ids [ %s ]\n  }' % (ws(3, lambda k: [3.0, 1.0, 0.5][k]), ' '.join(str(-200 - k) for k in range(3)))]
a0 += ['  {\n    bucket_id -9\n    weight_set [\n      %s\n      %s\n      %s\n    ]\n  }' % (ws(2, lambda k: [1.0, 4.0][k]), ws(2, lambda k: [4.0, 1.0][k]), ws(2, lambda k: [1.0, 1.0][k]))]
m.extra = 'choose_args 0 {\n%s\n}\n' % '\n'.join(a0)
m.write('msr-choose-args')
PY

: >"$WORK/.cases"
case_() { local name=$1 file=$2; shift 2
  echo "$file $*" >>"$WORK/$name/cases.txt"
  "$RUN" -d "$WORK/$name" crushtool -i map.bin --test --show-mappings "$@" >"$WORK/$name/$file" 2>&1
}
mappings() { local name=$1 rule=$2 reps=$3; shift 3
  for n in $reps; do case_ "$name" "r$rule-n$n${SUFFIX:-}.txt" --rule "$rule" --num-rep "$n" --min-x 0 --max-x "${MAXX:-255}" "$@"; done
}
for d in "$WORK"/*/; do
  "$RUN" -d "$d" crushtool -c crush.txt -o map.bin
  "$RUN" -d "$d" crushtool -i map.bin --dump >"$d/crush.json"
  : >"$d/cases.txt"
done
OUT1="--weight 1 0 --weight 5 0.5 --weight 10 0 --weight 11 0.3"
OUTH="--weight 0 0 --weight 1 0 --weight 2 0 --weight 3 0 --weight 9 0.6"
for name in msr-straw2 msr-mixed-algs msr-tunables msr-choose-args msr-small; do
  for r in 0 1 2 3 4 5 6 7 8 9 10 11 12 13; do mappings $name $r "1 3 4 6"; done
  for r in 0 1 2 3 4 6 7 8 9 10; do SUFFIX=-w mappings $name $r "4 6" $OUT1; done
  for r in 0 1 3 5 7 8; do SUFFIX=-wh mappings $name $r "4 6" $OUTH; done
  SUFFIX=-p3 mappings $name 0 "4" --pool-id 3; SUFFIX=-p3 mappings $name 3 "3" --pool-id 3
done
for r in 2 5; do MAXX=255 mappings msr-straw2 $r "8 12 16"; done
for r in 0 1 2 3; do mappings msr-classes $r "2 3 4 6"; SUFFIX=-w mappings msr-classes $r "3 6" --weight 0 0 --weight 3 0.5 --weight 4 0; done

rm -rf "$OUT"; mkdir -p "$OUT"
for d in "$WORK"/*/; do
  name=$(basename "$d"); mkdir -p "$OUT/$name"
  cp "$d"/crush.json "$d"/cases.txt "$d"/crush.txt "$OUT/$name/"
  while read -r file _; do
    if [ "$(stat -c %s "$d/$file")" -gt 8000 ]; then gzip -9n <"$d/$file" >"$OUT/$name/$file.gz"; else cp "$d/$file" "$OUT/$name/"; fi
  done <"$d/cases.txt"
done
echo "crushtool of $("$RUN" ceph --version)" >"$OUT/VERSION"
du -sh "$OUT"
