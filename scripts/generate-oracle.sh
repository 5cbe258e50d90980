#!/bin/bash
# The Ceph oracle of `loadshift generate` and `loadshift whatif` (issue 11), with the REAL Reef 18.2.7 tools:
#  1. loadshift generate GEN... --out OUT/ours/gen, then loadshift whatif WHATIF... on its snapshot -> OUT/ours/whatif
#  2. mapgen.sh (a throw-away ceph-mon) runs the generated mapgen-spec.sh, keeps that map (before.raw), then the
#     monitor commands of the same what-if (primary-affinity, osd crush remove + osd rm of a host's OSDs,
#     crush rm of the host, add_osd of a new host)
#  3. for both maps: crushtool --dump of its CRUSH map, osdmaptool --mark-up of the OSDs our dump has up and
#     --mark-out of those it has out (the generated --out-osds, the what-if's --out-osd / --in-osd),
#     --dump json and --test-map-pgs-dump-all (osdmaptool --dump json segfaults for some down sets, e.g. osd.0 or osd.3
#     down here: the down OSDs are chosen where it does not) -> OUT/real/{before,after}.{crush.json,osdmap.json,pgs.txt}
#  4. crushtool -c of our crush.txt (both) -> *.compiled.json, and crushtool --test --show-mappings of every rule
# Needs root, the toolbox at ../shared/ceph-reef and a built CLI (npm run build). Env: CEPH_REEF_ROOT (chroot),
# LOADSHIFT_MAPGEN_PORT (mon port, default 3301). Usage: scripts/generate-oracle.sh OUTDIR
# test/fixtures/generate was made by: scripts/generate-oracle.sh test/fixtures/generate
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REEF=${CEPH_REEF_DIR:-$(cd "$ROOT/../shared/ceph-reef" && pwd)}
CHROOT=${CEPH_REEF_ROOT:-/srv/trixie}
PORT=${LOADSHIFT_MAPGEN_PORT:-3301}
mkdir -p "$1"; OUT=$(cd "$1" && pwd)
L() { node "$ROOT/dist/src/cli/main.js" "$@"; }
GEN=(--racks 2 --hosts-per-rack 2 --osds-per-host 3 --classes hdd:2,ssd:1 --weights hdd:1-4,ssd:0.5-1.5
  --pool rbd:replicated:3:64 --pool fast:replicated:3:32:host:ssd --pool byrack:replicated:2:32:rack
  --pool ec21:erasure:2+1:32 --pool ec22:erasure:2+2:16:osd:hdd
  --primary-affinity 4:0.5 --primary-affinity 7:0 --out-osds 2 --down-osds 8 --seed 11)
WHATIF=(--remove-host host3 --add-host host9:rack1:2:2:ssd --out-osd 5 --in-osd 2 --down-osd 6
  --primary-affinity 4:1 --primary-affinity 8:0.25)
rm -rf "$OUT/ours" "$OUT/real"; mkdir -p "$OUT/ours" "$OUT/real"
L generate "${GEN[@]}" --out "$OUT/ours/gen"
L whatif --from "$OUT/ours/gen/snapshot.json" "${WHATIF[@]}" --out "$OUT/ours/whatif"
printf '%s\n' "loadshift generate ${GEN[*]} --out ours/gen" "loadshift whatif --from ours/gen/snapshot.json ${WHATIF[*]} --out ours/whatif" > "$OUT/command.txt"
# `ceph osd in` and `ceph osd reweight` trip ceph_assert(num_down_in_osds <= num_in_osds) in this
# daemon-less Reef 18.2.7 mon (every OSD is down in it): outs are made with osdmaptool --mark-out below; no reweight
{ grep -v '^q osd out ' "$OUT/ours/gen/mapgen-spec.sh"; cat <<'EOS'
# the what-if, as monitor commands (the map before them is kept as before.raw)
ceph osd getmap -o before.raw 2>/dev/null
q osd primary-affinity osd.4 1
q osd primary-affinity osd.8 0.25
for i in 9 10 11; do q osd crush remove osd.$i; q osd rm osd.$i; done
q osd crush rm host3
add_osd 9 2 ssd root=default rack=rack1 host=host9
add_osd 10 2 ssd root=default rack=rack1 host=host9
EOS
} > "$OUT/real/spec.sh"
mkdir -p "$CHROOT/opt/ceph-reef-tools"; cp "$REEF"/inner/*.sh "$CHROOT/opt/ceph-reef-tools/"
cp "$OUT/real/spec.sh" "$CHROOT/opt/ceph-reef-tools/generate-oracle-spec.sh"
CEPH_REEF_ROOT=$CHROOT "$REEF/chroot-exec.sh" --data "$OUT/real" -- env MAPGEN_PORT="$PORT" /bin/bash \
  /opt/ceph-reef-tools/mapgen-inner.sh /opt/ceph-reef-tools/generate-oracle-spec.sh > "$OUT/real/mapgen.log" 2>&1 ||
  { cat "$OUT/real/mapgen.log" >&2; exit 1; }
up() { node -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); console.log(d.osds.filter(o=>o.up===1).map(o=>o.osd).join(" "))' "$1"; }
out() { node -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); console.log(d.osds.filter(o=>o.in===0).map(o=>o.osd).join(" "))' "$1"; }
rules() { node -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); console.log(d.rules.map(r=>r.rule_id).join(" "))' "$1"; }
cp "$OUT/ours/gen/crush.txt" "$OUT/real/ours-gen.crush.txt"; cp "$OUT/ours/whatif/crush.txt" "$OUT/real/ours-whatif.crush.txt"
CEPH_REEF_ROOT=$CHROOT "$REEF/run.sh" -d "$OUT/real" bash -euo pipefail -c '
oracle() { # NAME RAW "up ids" "out ids"
  osdmaptool "$2" --export-crush "$1.crush.bin" >/dev/null 2>&1
  crushtool -i "$1.crush.bin" --dump > "$1.crush.json"
  cp "$2" "$1.om"
  for i in $3; do osdmaptool "$1.om" --mark-up "$i" --import-crush "$1.crush.bin" >/dev/null 2>&1; done
  for i in $4; do osdmaptool "$1.om" --mark-out "$i" --import-crush "$1.crush.bin" >/dev/null 2>&1; done
  osdmaptool "$1.om" --dump json > "$1.osdmap.json" 2>/dev/null
  osdmaptool "$1.om" --test-map-pgs-dump-all > "$1.pgs.txt" 2>/dev/null
}
oracle before before.raw "$1" "$4"; oracle after osdmap.raw "$2" "$5"
for m in ours-gen ours-whatif; do
  crushtool -c "$m.crush.txt" -o "$m.crush.bin"; crushtool -i "$m.crush.bin" --dump > "$m.compiled.json"
done
for r in $3; do
  crushtool -i ours-gen.crush.bin --test --show-mappings --rule "$r" --num-rep 4 --min-x 0 --max-x 255 > "ours-gen.rule$r.txt" 2>/dev/null
done
rm -f *.bin *.om *.raw osdmap.json osdmap.txt crush.json crush.txt tree.txt osd-crush-dump.json pool-ls-detail.mon.json
' bash "$(up "$OUT/ours/gen/osdmap.json")" "$(up "$OUT/ours/whatif/osdmap.json")" "$(rules "$OUT/ours/gen/crush.json")" \
  "$(out "$OUT/ours/gen/osdmap.json")" "$(out "$OUT/ours/whatif/osdmap.json")"
echo "generate oracle: $OUT"
