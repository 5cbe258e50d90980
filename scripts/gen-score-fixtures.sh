#!/bin/bash
# Regenerates test/fixtures/scores/: Ceph Reef 18.2.7's own read_balance blocks next to the PG
# placements they were computed from, for test/unit/cluster/read-balance-score.test.ts.
#
#  - cluster-*: copied from the live Reef cluster samples (osd dump, crush dump, pg dump pgs_brief
#    reduced to pgid/up/acting/primaries), before and after applying `osdmaptool --read` commands.
#  - mapgen-hetero-24: copied from the mon-built sample (osd.5 primary affinity 0.5, 4 pools, 3 rules).
#  - offline-*: made here with the real osdmaptool/crushtool (run.sh -> Debian trixie chroot),
#    each folder: osdmap.json (--dump json), crush.json (crushtool --dump),
#    test-map-pgs-dump-all.txt, and the commands in `made-by.txt`.
#
# Needs root and the chroot of ../shared/ceph-reef (setup.sh). Deterministic: same tools, same files.
# Primary affinity cannot be set offline (osdmaptool has no option for it), and `--read` never writes
# pg_upmap_primaries into the map, so affinity/upmap-primary cases come from the live and mapgen samples.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
SAMPLES=${CEPH_REEF_SAMPLES:-/work/shared/ceph-reef/samples}
RUN=${CEPH_REEF_RUN:-/work/shared/ceph-reef/run.sh}
OUT="$HERE/test/fixtures/scores"
mkdir -p "$OUT"

# pg dump pgs_brief -> [{pgid, up, acting, up_primary, acting_primary}] sorted, one PG per line.
# The mgr's pg dump lags the osdmap by a second or two: a `ceph pg map` answer (PG_MAP, taken at
# the osd dump's epoch EPOCH) replaces its PG's entry.
brief() { # PGS_BRIEF_JSON [PG_MAP_JSON EPOCH]
  node -e '
    const fs = require("fs");
    const d = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const rows = (d.pg_stats ?? d).map((p) => ({ pgid: p.pgid, up: p.up, acting: p.acting, up_primary: p.up_primary, acting_primary: p.acting_primary }));
    if (process.argv[2]) {
      const m = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
      if (m.epoch === Number(process.argv[3])) {
        const r = rows.find((x) => x.pgid === m.pgid);
        if (r) Object.assign(r, { up: m.up, acting: m.acting, up_primary: m.up[0], acting_primary: m.acting[0] });
      }
    }
    const key = (s) => { const [a, b] = s.split("."); return [Number(a), parseInt(b, 16)]; };
    rows.sort((x, y) => { const [a, b] = key(x.pgid), [c, e] = key(y.pgid); return a - c || b - e; });
    process.stdout.write("[\n" + rows.map((r) => JSON.stringify(r)).join(",\n") + "\n]\n");
  ' "$@"
}

# Ceph's desired primary distribution (RB_SIMPLE, printed with 6 significant digits by
# balance_primaries at --debug-osd 10) -> "osd value" lines in desired-<pool>.txt
desired() { # WORKDIR(with om) POOL_NAME OUTFILE
  "$RUN" -d "$1" osdmaptool om --read read-cmds.txt --read-pool "$2" --debug-osd 10 2>&1 \
    | sed -n 's/.*balance_primaries desired distribution for osd\.\([0-9]*\) \(.*\)$/\1 \2/p' > "$3"
}

# 1) live cluster samples; test-map-pgs-dump-all.txt is osdmaptool's mapping of the binary map the
#    cluster had at the osd dump's epoch (live.om / live-after.om from `ceph osd getmap`).
LIVE=$(mktemp -d /tmp/gen-score-live.XXXXXX)
for c in cluster-4osd cluster-12osd cluster-12osd-pssd; do
  for when in before after; do
    sfx=""; [ $when = after ] && sfx="-after"
    d="$OUT/$c-$when"; mkdir -p "$d"
    cp "$SAMPLES/$c/osd-dump$sfx.json" "$d/osdmap.json"
    cp "$SAMPLES/$c/osd-crush-dump.json" "$d/crush.json"
    epoch=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).epoch)' "$d/osdmap.json")
    pgmap=$(ls "$SAMPLES/$c"/pg-map-*.json | head -1)
    brief "$SAMPLES/$c/pg-dump-pgs-brief$sfx.json" "$pgmap" "$epoch" > "$d/pgs-brief.json"
    cp "$SAMPLES/$c/live$sfx.om" "$LIVE/om"
    "$RUN" -d "$LIVE" osdmaptool om --test-map-pgs-dump-all > "$d/test-map-pgs-dump-all.txt" 2>/dev/null
    echo "Copied from the live Reef 18.2.7 cluster sample $c (shared/ceph-reef/samples/$c): osdmap.json = osd-dump$sfx.json, crush.json = osd-crush-dump.json, pgs-brief.json = pg-dump-pgs-brief$sfx.json reduced to pgid/up/acting/primaries (entries the mgr had not caught up on replaced by $(basename "$pgmap") when taken at epoch $epoch), test-map-pgs-dump-all.txt = osdmaptool live$sfx.om --test-map-pgs-dump-all (same epoch $epoch); '$when' = before/after applying osdmaptool --read commands." > "$d/README.md"
  done
done
rm -rf "$LIVE"

# 2) mapgen-hetero-24
d="$OUT/mapgen-hetero-24"; mkdir -p "$d"
cp "$SAMPLES/mapgen-hetero-24/osdmap.json" "$d/osdmap.json"
cp "$SAMPLES/mapgen-hetero-24/crush.json" "$d/crush.json"
cp "$SAMPLES/mapgen-hetero-24/test-map-pgs-dump-all.txt" "$d/test-map-pgs-dump-all.txt"
H24=$(mktemp -d /tmp/gen-score-h24.XXXXXX)
cp "$SAMPLES/mapgen-hetero-24/osdmap.bin" "$H24/om"
for pool in rbd p32 byrack fast; do desired "$H24" $pool "$d/desired-$pool.txt"; done
rm -rf "$H24"
echo "Copied from shared/ceph-reef/samples/mapgen-hetero-24 (mon-built Reef 18.2.7 map, spec specs/hetero-24.sh: 24 OSDs, osd.5 primary affinity 0.5, pools rbd/p32/byrack/fast)." > "$d/README.md"

# 3) offline maps made with osdmaptool
TMP=$(mktemp -d /tmp/gen-score-fixtures.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
conf() { # N OSDS_PER_HOST HOSTS_PER_RACK SIZE
  echo "[global]"; echo "osd pool default size = $4"
  for i in $(seq 0 $(($1 - 1))); do printf '[osd.%d]\nhost = host%d\nrack = rack%d\n' $i $((i / $2)) $((i / ($2 * $3))); done
}
offline() { # NAME CONF PG_BITS [osdmaptool what-if args saved into the map...]
  local name=$1 cfile=$2 bits=$3; shift 3
  local w="$TMP/$name"; mkdir -p "$w"; cp "$cfile" "$w/c.conf"
  {
    echo "osdmaptool -c c.conf om --create-from-conf --with-default-pool --pg-bits $bits --pgp-bits $bits --mark-up-in --clobber"
    "$RUN" -d "$w" osdmaptool -c c.conf om --create-from-conf --with-default-pool --pg-bits "$bits" --pgp-bits "$bits" --mark-up-in --clobber >/dev/null 2>&1
    if [ $# -gt 0 ]; then
      echo "osdmaptool om $* --save"
      "$RUN" -d "$w" osdmaptool om "$@" --save >/dev/null 2>&1
    fi
    echo "osdmaptool om --dump json > osdmap.json"
    echo "osdmaptool om --test-map-pgs-dump-all --pool 1 > test-map-pgs-dump-all.txt"
    echo "osdmaptool om --export-crush crush.bin; crushtool -i crush.bin --dump > crush.json"
  } > "$w/made-by.txt"
  "$RUN" -d "$w" osdmaptool om --dump json > "$w/osdmap.json" 2>/dev/null
  "$RUN" -d "$w" osdmaptool om --test-map-pgs-dump-all --pool 1 > "$w/test-map-pgs-dump-all.txt" 2>/dev/null
  "$RUN" -d "$w" osdmaptool om --export-crush crush.bin >/dev/null 2>&1
  "$RUN" -d "$w" crushtool -i crush.bin --dump > "$w/crush.json"
  local d="$OUT/offline-$name"; mkdir -p "$d"
  desired "$w" rbd "$d/desired-rbd.txt"
  cp "$w/osdmap.json" "$w/crush.json" "$w/test-map-pgs-dump-all.txt" "$w/made-by.txt" "$w/c.conf" "$d/"
  echo "Made offline by scripts/gen-score-fixtures.sh with Reef 18.2.7 osdmaptool/crushtool (commands in made-by.txt, config c.conf)." > "$d/README.md"
}
conf 16 4 2 3 > "$TMP/c16.conf"
conf 12 3 2 3 > "$TMP/c12.conf"
conf 24 4 2 2 > "$TMP/c24s2.conf"
conf 32 8 2 3 > "$TMP/c32.conf"
offline conf16-pg32 "$TMP/c16.conf" 1
offline conf16-pg128 "$TMP/c16.conf" 3
offline conf16-pg256 "$TMP/c16.conf" 4
offline conf12-pg384 "$TMP/c12.conf" 5
# an out OSD (not in any up set, still in the rule) and a CRUSH weight 0 OSD (in the rule with weight 0)
offline conf16-pg128-out3-w5zero "$TMP/c16.conf" 3 --mark-out 3 --adjust-crush-weight 5:0
# sparse pools: pg_num = max_osd (pg_bits 0), size 2 -> OSDs without PGs (osdmaptool keeps only the last --mark-out,
# and --save needs a CRUSH adjustment to write anything)
offline sparse24-size2-pg24 "$TMP/c24s2.conf" 0
offline sparse32-pg32-out "$TMP/c32.conf" 0 --mark-out 9 --adjust-crush-weight 17:0,20:2
# uneven CRUSH weights
offline conf16-pg64-hetero-weights "$TMP/c16.conf" 2 --adjust-crush-weight 0:4,1:0.5,6:2.5,9:0.25,13:3
echo "fixtures written to $OUT"
