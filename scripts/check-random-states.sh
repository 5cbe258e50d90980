#!/usr/bin/env bash
# Random OSD states on a map the real monitor made, against the real osdmaptool: no fixture has them.
# The mapgen spec (a scripts/osdmap-specs file, or a `loadshift generate --out DIR` mapgen-spec.sh) is built by the
# real mon (all OSDs down), then each round marks a random set of OSDs up and out and changes random CRUSH weights with
# osdmaptool, and checks: `loadshift pgs` equals `osdmaptool --test-map-pgs-dump-all` PG for PG, and `loadshift plan`
# (upmap-primary, --method affinity, --method both, --max-changes, --policy ceph) ends without an internal error.
# Reef's osdmaptool --dump json segfaults for some sets of down OSDs: those rounds are skipped and counted.
# Usage: scripts/check-random-states.sh reef|tentacle SPEC [ROUNDS=10] [SEED=1]   (needs root, npm run build)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REL=${1:?usage: check-random-states.sh reef|tentacle SPEC [ROUNDS] [SEED]}; SPEC=$(realpath "${2:?SPEC}")
ROUNDS=${3:-10} SEED=${4:-1}
TOOLS=$(cd "$ROOT/../shared/ceph-$REL" && pwd)
W=$(mktemp -d /tmp/random-states.XXXXXX)
trap 'rm -rf "$W"' EXIT
L() { node "$ROOT/dist/src/cli/main.js" "$@"; }
R() { "$TOOLS/run.sh" -d "$W/r" "$@"; }
"$TOOLS/mapgen.sh" "$W/m" "$SPEC" > "$W/mapgen.log" 2>&1 || { tail -3 "$W/mapgen.log" >&2; exit 1; }
n=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).osds.length)' "$W/m/osdmap.json")
ok=0 skipped=0 failed=0
for it in $(seq 1 "$ROUNDS"); do
  rm -rf "$W/r"; mkdir -p "$W/r"; cp "$W/m/osdmap.raw" "$W/r/x.om"; cp "$W/m/crush.bin" "$W/r/c.bin"
  read -r UP OUT ADJ <<<"$(python3 -c "
import random; r = random.Random($SEED * 1000 + $it); n = $n
up = [i for i in range(n) if r.random() < r.choice([0.9, 0.97, 1.0, 1.0])]
out = [i for i in range(n) if r.random() < r.choice([0, 0.1, 0.3])]
adj = ['%d:%s' % (i, r.choice([0, 0.1, 0.5, 2, 5])) for i in range(n) if r.random() < r.choice([0, 0.1, 0.3])]
print(','.join(map(str, up)) or '-', ','.join(map(str, out)) or '-', ','.join(adj) or '-')")"
  if [ "$ADJ" != - ]; then R osdmaptool x.om --adjust-crush-weight "$ADJ" --save >/dev/null 2>&1; R osdmaptool x.om --export-crush c.bin >/dev/null 2>&1; fi
  for i in ${UP//,/ }; do [ "$i" = - ] || R osdmaptool x.om --mark-up "$i" --import-crush c.bin >/dev/null 2>&1; done
  for i in ${OUT//,/ }; do [ "$i" = - ] || R osdmaptool x.om --mark-out "$i" --import-crush c.bin >/dev/null 2>&1; done
  what="round $it (up: $UP; out: $OUT; crush weights: $ADJ)"
  if ! R osdmaptool x.om --dump json > "$W/r/om.json" 2>/dev/null; then skipped=$((skipped + 1)); echo "$what: osdmaptool --dump json failed, skipped"; continue; fi
  R crushtool -i c.bin --dump > "$W/r/cr.json" 2>/dev/null
  R osdmaptool x.om --test-map-pgs-dump-all 2>/dev/null | grep -E '^[0-9]+\.[0-9a-f]+ raw' > "$W/r/want.txt"
  F=(--osdmap "$W/r/om.json" --crush "$W/r/cr.json")
  L pgs "${F[@]}" 2>/dev/null | grep -E '^[0-9]+\.[0-9a-f]+ raw' > "$W/r/got.txt"
  bad=""
  cmp -s "$W/r/want.txt" "$W/r/got.txt" || bad="mapping differs: $(diff "$W/r/want.txt" "$W/r/got.txt" | sed -n 2p)"
  for m in "" "--method affinity" "--method both" "--max-changes 7" "--policy ceph"; do
    # shellcheck disable=SC2086
    L plan "${F[@]}" $m > /dev/null 2> "$W/r/err.txt"; rc=$?
    if [ $rc -ne 0 ] || grep -q "internal error" "$W/r/err.txt"; then bad="$bad plan $m: exit $rc $(grep -v warning "$W/r/err.txt" | head -1)"; fi
  done
  if [ -n "$bad" ]; then failed=$((failed + 1)); echo "$what: FAILED: $bad"; else ok=$((ok + 1)); echo "$what: $(wc -l < "$W/r/want.txt") PGs equal, plans ok"; fi
done
echo "check-random-states $REL $(basename "$SPEC"): $ok ok, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
