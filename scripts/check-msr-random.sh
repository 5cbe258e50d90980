#!/usr/bin/env bash
# Compares `loadshift crush test` with Tentacle 20.2.4's `crushtool --test --show-mappings` on random CRUSH maps
# with MSR rules that no test fixture has (random trees, algorithms, weights, rule shapes, tries, out devices).
# Usage: scripts/check-msr-random.sh [COUNT=20] [SEED=1]   (needs root, /work/shared/ceph-tentacle, npm run build)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN=${CEPH_TENTACLE_RUN:-/work/shared/ceph-tentacle/run.sh}
COUNT=${1:-20} SEED=${2:-1}
W=$(mktemp -d /tmp/msr-random.XXXXXX)
trap 'rm -rf "$W"' EXIT
python3 - "$W" "$COUNT" "$SEED" <<'PY'
import os, random, sys
work, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(seed)
TYPES = ['osd', 'host', 'rack', 'root']
for n in range(count):
    d = os.path.join(work, 'm%02d' % n); os.makedirs(d)
    algs = ['straw2'] * 4 + ['straw', 'list', 'tree', 'uniform']
    lines = ['tunable choose_total_tries 50', 'tunable chooseleaf_descend_once 1', 'tunable chooseleaf_vary_r 1',
             'tunable chooseleaf_stable 1', 'tunable straw_calc_version 1', 'tunable allowed_bucket_algs 54']
    if rnd.random() < 0.3:
        lines += ['tunable msr_descents %d' % rnd.randint(1, 8), 'tunable msr_collision_tries %d' % rnd.randint(1, 6)]
    osd, bid, buckets, racks = 0, -1, [], []
    for r in range(rnd.randint(1, 4)):
        hosts = []
        for h in range(rnd.randint(1, 4)):
            alg = rnd.choice(algs); k = rnd.randint(1, 5)
            ws = [1.0] * k if alg == 'uniform' else [rnd.choice([0.0, 0.5, 1.0, 1.0, 2.0, 3.5]) for _ in range(k)]
            name = 'r%dh%d' % (r, h)
            buckets.append('host %s {\n\tid %d\n\talg %s\n\thash 0\n%s}\n' % (name, bid, alg,
                ''.join('\titem osd.%d weight %.3f\n' % (osd + i, w) for i, w in enumerate(ws))))
            osd += k; bid -= 1; hosts.append((name, sum(ws)))
        name = 'rack%d' % r
        buckets.append('rack %s {\n\tid %d\n\talg %s\n\thash 0\n%s}\n' % (name, bid, rnd.choice(algs[:4] + ['list']),
            ''.join('\titem %s weight %.3f\n' % hw for hw in hosts)))
        bid -= 1; racks.append((name, sum(w for _, w in hosts)))
    buckets.append('root default {\n\tid %d\n\talg straw2\n\thash 0\n%s}\n' % (bid,
        ''.join('\titem %s weight %.3f\n' % rw for rw in racks)))
    lines += ['device %d osd.%d' % (i, i) for i in range(osd)] + ['type %d %s' % (i, t) for i, t in enumerate(TYPES)]
    rules = []
    for rid in range(4):
        steps = []
        if rnd.random() < 0.4: steps.append('set_msr_descents %d' % rnd.randint(1, 20))
        if rnd.random() < 0.4: steps.append('set_msr_collision_tries %d' % rnd.randint(1, 10))
        shape = rnd.choice([['host', 'osd'], ['rack', 'host', 'osd'], ['osd'], ['rack', 'osd']])
        steps.append('take default')
        for i, t in enumerate(shape):
            num = rnd.choice([0, 1, 2, 3]) if i == 0 else rnd.choice([1, 2, 2, 3])
            steps.append('choosemsr %d type %s' % (num, t))
        steps.append('emit')
        rules.append('rule r%d {\n\tid %d\n\ttype %s\n%s\n}\n' % (rid, rid, rnd.choice(['msr_firstn', 'msr_indep']),
            '\n'.join('\tstep ' + s for s in steps)))
    open(os.path.join(d, 'crush.txt'), 'w').write('\n'.join(lines) + '\n' + ''.join(buckets) + ''.join(rules))
    outs = ' '.join('--weight %d %s' % (o, rnd.choice(['0', '0.5'])) for o in rnd.sample(range(osd), min(osd, rnd.randint(0, 3))))
    open(os.path.join(d, 'weights'), 'w').write(outs)
PY
fail=0 total=0
for d in "$W"/m*/; do
  "$RUN" -d "$d" crushtool -c crush.txt -o map.bin >/dev/null 2>&1 || { echo "skip $(basename "$d"): crushtool -c refused it"; continue; }
  "$RUN" -d "$d" crushtool -i map.bin --dump > "$d/crush.json"
  for rule in 0 1 2 3; do for n in 1 3 4 6 8; do for w in "" "$(cat "$d/weights")"; do
    # shellcheck disable=SC2086
    "$RUN" -d "$d" crushtool -i map.bin --test --show-mappings --rule $rule --num-rep $n --min-x 0 --max-x 199 $w > "$d/want" 2>&1
    # shellcheck disable=SC2086
    node "$ROOT/dist/src/cli/main.js" crush test --crush "$d/crush.json" --rule $rule --num-rep $n --min-x 0 --max-x 199 $w > "$d/got" 2>&1 || true
    total=$((total + 1))
    if ! cmp -s "$d/want" "$d/got"; then fail=$((fail + 1)); echo "DIFF $(basename "$d") rule $rule n $n $w"; diff "$d/want" "$d/got" | head -3; fi
  done; done; done
done
echo "msr random maps: $total cases (200 inputs each), $fail differ from Tentacle crushtool (seed $SEED)"
[ "$fail" -eq 0 ]
