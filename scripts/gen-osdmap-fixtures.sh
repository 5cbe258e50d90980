#!/bin/bash
# Regenerates test/fixtures/osdmap/<name>/ with the REAL Ceph tools: Reef 18.2.7 (/work/shared/ceph-reef) and, for
# the t-* fixtures, Tentacle 20.2.4 (/work/shared/ceph-tentacle); see their README.md. Each fixture's command.txt
# names the release that made it (tests hold loadshift to that release). Every expectation comes from osdmaptool:
#   osdmap.json  = osdmaptool osdmap.bin --dump json
#   crush.json   = crushtool -i <osdmaptool osdmap.bin --export-crush> --dump
#   expected.txt = osdmaptool osdmap.bin --test-map-pgs-dump-all
#   osdmap.bin   = the binary map itself; command.txt says how it was made.
# Big files are gzipped (*.gz). Uses mapgen.sh (one at a time!), never the live cluster.
# Usage: scripts/gen-osdmap-fixtures.sh [NAME...]   (default: all)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REEF=${CEPH_REEF_DIR:-$(cd "$ROOT/../shared/ceph-reef" && pwd)}
TENTACLE=${CEPH_TENTACLE_DIR:-$(cd "$ROOT/../shared/ceph-tentacle" && pwd)}
CEPH=$REEF
REL="ceph 18.2.7 (reef)"
use_tentacle() { CEPH=$TENTACLE; REL="ceph 20.2.4 (tentacle)"; }
SAMPLES=$CEPH/samples
SPECS=$ROOT/scripts/osdmap-specs
OUT=$ROOT/test/fixtures/osdmap
W=$(mktemp -d /tmp/loadshift-fixtures.XXXXXX)
trap 'rm -rf "$W"' EXIT
R() { "$CEPH/run.sh" -d "$W" "$@"; }
ot() { R osdmaptool "$@" >/dev/null 2>&1; }   # quiet osdmaptool on files in $W

want() { [ ${#ONLY[@]} -eq 0 ] && return 0; local n; for n in "${ONLY[@]}"; do [ "$n" = "$1" ] && return 0; done; return 1; }
ONLY=("$@")

# finish NAME OM "how it was made" [gz]
finish() {
  local name=$1 om=$2 how=$3 gz=${4:-} d=$OUT/$1
  rm -rf "$d"; mkdir -p "$d"
  ot "$om" --export-crush "$name.crush.bin"
  R crushtool -i "$name.crush.bin" --dump > "$d/crush.json"
  R osdmaptool "$om" --dump json 2>/dev/null > "$d/osdmap.json"
  R osdmaptool "$om" --test-map-pgs-dump-all 2>/dev/null > "$d/expected.txt"
  cp "$W/$om" "$d/osdmap.bin"
  {
    echo "# $name: $how"
    echo "osdmaptool osdmap.bin --dump json > osdmap.json"
    echo "osdmaptool osdmap.bin --export-crush crush.bin && crushtool -i crush.bin --dump > crush.json"
    echo "osdmaptool osdmap.bin --test-map-pgs-dump-all > expected.txt"
    echo "# tools: $REL via $CEPH/run.sh; made by scripts/gen-osdmap-fixtures.sh"
  } > "$d/command.txt"
  if [ -n "$gz" ]; then gzip -9n "$d/osdmap.json" "$d/expected.txt" "$d/crush.json" "$d/osdmap.bin"; fi
  echo "fixture $name: $(grep -c ' raw (' "$d/expected.txt" 2>/dev/null || zcat "$d/expected.txt.gz" | grep -c ' raw (') PGs"
}

# mark_up_only OM CRUSHBIN "ids": OSDs of a mon-made map (all down) -> only these up (persisted)
mark_up_only() {
  local om=$1 cb=$2 i
  for i in $3; do ot "$om" --mark-up "$i" --import-crush "$cb"; done
}
mark_out() { local om=$1 cb=$2 i; for i in $3; do ot "$om" --mark-out "$i" --import-crush "$cb"; done; }

mapgen() { # mapgen NAME SPEC -> $W/NAME/{osdmap.bin,osdmap.raw,crush.bin}
  mkdir -p "$W/$1"; "$CEPH/mapgen.sh" "$W/$1" "$2" > "$W/$1.log" 2>&1 || { cat "$W/$1.log" >&2; exit 1; }
}

# --- maps copied from the shared samples (made by make-samples.sh / a live cluster) ---
sample() { # sample NAME FILE HOW
  want "$1" || return 0; cp "$2" "$W/$1.om"; finish "$1" "$1.om" "$3"
}
sample conf16-pg128 "$SAMPLES/offline/conf16-pg128/om" "osdmaptool --create-from-conf: 16 OSDs, 4 hosts, 2 racks, pool rbd 128 PGs"
sample conf12-pg384 "$SAMPLES/offline/conf12-pg384/om" "osdmaptool --create-from-conf: 12 OSDs, 4 hosts x3, 2 racks, pool rbd 384 PGs (not a power of two)"
sample hetero16 "$SAMPLES/offline/hetero16/om" "crushtool -c (weights 0.5-8, classes, hdd rule 0) imported into an osdmaptool map"
sample hetero24 "$SAMPLES/mapgen-hetero-24/osdmap.bin" "mapgen hetero-24: 4 pools, rack/ssd rules, osd.5 primary affinity 0.5"
sample live4-after "$SAMPLES/cluster-4osd/live-after.om" "live Reef cluster (4 OSDs) after osdmaptool --read commands applied: pg_upmap_primaries, .mgr pool"
sample live12 "$SAMPLES/cluster-12osd/live.om" "live Reef cluster 12 OSDs, weights 0.5-4, 4 pools, one pg_upmap_primary"
sample live12-after "$SAMPLES/cluster-12osd/live-after.om" "live Reef cluster 12 OSDs after 24 pg-upmap-primary commands"
sample live12-pssd-after "$SAMPLES/cluster-12osd-pssd/live-after.om" "live Reef cluster 12 OSDs, ssd pool failure domain osd, pg_upmap_primaries"

# live map changed offline so that some pg_upmap_primaries are ignored:
# target marked out (osd.6) and sets moved by CRUSH weight changes (target no longer in the set)
if want live12-after-mod; then
  cp "$SAMPLES/cluster-12osd/live-after.om" "$W/l12m.om"
  ot l12m.om --adjust-crush-weight 1:3.5,8:0.25,10:2 --save
  ot l12m.om --export-crush l12m.crush.bin
  mark_out l12m.om l12m.crush.bin "6 2"
  finish live12-after-mod l12m.om "live12-after + crush weights osd.1=3.5 osd.8=0.25 osd.10=2 + osd.6 and osd.2 marked out (upmap-primary targets ignored)"
fi

# --- mapgen maps ---
if want mg24 || want mg24-upmap || want mg24-down; then
  mapgen mg24 "$SPECS/mg24.sh"
  cp "$W/mg24/osdmap.bin" "$W/mg24.om"; cp "$W/mg24/crush.bin" "$W/mg24.cb"
  if want mg24; then
    finish mg24 mg24.om "mapgen scripts/osdmap-specs/mg24.sh (all OSDs up+in): 10 pools incl. EC k2m1/k4m2, pg_num 100/27/1, pgp_num 24<64, no-hashpspool, sizes 2/3/4, primary affinity 0/0.25/0.5/0.75, pg_upmap"
    # one pool only: the summary then covers that pool's PGs
    R osdmaptool mg24.om --test-map-pgs-dump-all --pool 4 2>/dev/null > "$OUT/mg24/expected-pool4.txt"
    echo "osdmaptool osdmap.bin --test-map-pgs-dump-all --pool 4 > expected-pool4.txt" >> "$OUT/mg24/command.txt"
  fi
  if want mg24-upmap; then
    cp mg24.om "$W/mg24u.om" 2>/dev/null || cp "$W/mg24.om" "$W/mg24u.om"
    ot mg24u.om --upmap mg24u.cmds --upmap-pool rbd --upmap-pool odd --upmap-pool ec21 --upmap-max 40 --upmap-deviation 1 --save
    # out OSDs: osd.4 (a pg_upmap target of 1.3) and the first pg_upmap_items target -> those entries are ignored
    t=$(awk '/pg-upmap-items/ {print $6; exit}' "$W/mg24u.cmds"); [ -n "$t" ] || t=11
    mark_out mg24u.om mg24.cb "4 $t"
    finish mg24-upmap mg24u.om "mg24 + osdmaptool --upmap --save (pg_upmap_items on rbd/odd/ec21) + osd.4 and osd.$t (an upmap-items target) marked out"
  fi
  if want mg24-down; then
    cp "$W/mg24/osdmap.raw" "$W/mg24d.om"
    mark_up_only mg24d.om mg24.cb "1 2 3 4 5 6 7 8 9 10 11 12 14 15 16 17 18 19 20 21 23"
    mark_out mg24d.om mg24.cb "20 9"
    finish mg24-down mg24d.om "mg24 as the mon had it, then only some OSDs marked up: osd.0,13,22 down (EC holes), osd.20 and osd.9 out"
  fi
fi

if want small || want small-down; then
  mapgen small "$SPECS/small.sh"
  cp "$W/small/osdmap.bin" "$W/small.om"; cp "$W/small/crush.bin" "$W/small.cb"
  want small && finish small small.om "mapgen scripts/osdmap-specs/small.sh: size 5 on 4 hosts (short sets), EC k3m2 over 4 hosts (CRUSH holes), affinity 0 on a whole host"
  if want small-down; then
    cp "$W/small/osdmap.raw" "$W/smalld.om"
    mark_up_only smalld.om small.cb "0 1 2 4 5 6 7 8 9"
    mark_out smalld.om small.cb "6"
    finish small-down smalld.om "small with osd.3 down and osd.6 out (osdmaptool --dump json segfaults in the read-balance score for some down sets, e.g. osd.1 down)"
  fi
fi

# --- a pool whose PGs CRUSH maps to no OSD (its rule's only host is out): PGs without a primary ---
if want parked; then
  mapgen parked "$SPECS/parked.sh"
  cp "$W/parked/osdmap.bin" "$W/parked.om"; cp "$W/parked/crush.bin" "$W/parked.cb"
  mark_out parked.om parked.cb "8 9"
  finish parked parked.om "mapgen scripts/osdmap-specs/parked.sh + osd.8 and osd.9 (host h9) marked out: pool parked's rule takes h9 only, so its 16 PGs map to no OSD"
fi

# --- a big offline map: 1200 OSDs, 10 racks x 20 hosts x 6, pg_num 19200 (bits 4), pgp_num 9600 (bits 3) ---
if want big1200; then
  { echo "[global]"; echo "osd pool default size = 3"
    for i in $(seq 0 1199); do printf '[osd.%d]\nhost = host%d\nrack = rack%d\n' "$i" $((i/6)) $((i/120)); done; } > "$W/big.conf"
  ot -c big.conf big.om --create-from-conf --with-default-pool --pg-bits 4 --pgp-bits 3 --mark-up-in --clobber
  adj=$(awk 'BEGIN { for (i = 0; i < 1200; i += 7) printf "%s%d:%s", (i ? "," : ""), i, (i % 3 == 0 ? "2" : (i % 3 == 1 ? "0.5" : "4")) }')
  ot big.om --adjust-crush-weight "$adj" --save
  ot big.om --export-crush big.cb
  mark_out big.om big.cb "5 77 600"
  finish big1200 big.om "osdmaptool --create-from-conf 1200 OSDs (10 racks x 20 hosts x 6), pg 19200 pgp 9600, every 7th OSD reweighted in CRUSH (2/0.5/4), osd.5/77/600 out" gz
fi
# desired_sa NAME OM POOL...: Tentacle's size-aware desired distribution per pool (osdmaptool --read
# --osd-size-aware --debug-osd=10 logs it as 'desired distribution for osd.N V') -> desired-size-aware-POOL.txt
desired_sa() {
  local name=$1 om=$2 pool i best; shift 2
  for pool in "$@"; do
    # when balance_primaries then fails (primary affinity set, ...), osdmaptool exits before its log thread has
    # flushed every line: keep the longest of 8 runs (the lines themselves are deterministic)
    best=""
    for i in 1 2 3 4 5 6 7 8; do
      { R osdmaptool "$om" --read sa.cmds --read-pool "$pool" --osd-size-aware --debug-osd=10 2>&1 || true; } |
        sed -n 's/.*desired distribution for osd\.\([0-9]*\) \(.*\)$/\1 \2/p' > "$W/sa.out"
      [ "$(wc -l < "$W/sa.out")" -gt "$(printf '%s' "$best" | grep -c .)" ] && best=$(cat "$W/sa.out")
    done
    printf '%s\n' "$best" > "$OUT/$name/desired-size-aware-$pool.txt"
    echo "osdmaptool osdmap.bin --read sa.cmds --read-pool $pool --osd-size-aware --debug-osd=10 2>&1 | sed -n 's/.*desired distribution for osd.\(N\) \(V\)/N V/p' > desired-size-aware-$pool.txt  # longest of 8 runs" >> "$OUT/$name/command.txt"
  done
}

# --- Tentacle 20.2.4: MSR EC pools beside replicated ones (read_ratio set), made by the Tentacle toolbox ---
if want t-msr16 || want t-msr16-out; then
  use_tentacle
  mapgen tmsr "$SPECS/tmsr.sh"
  cp "$W/tmsr/osdmap.bin" "$W/tmsr.om"; cp "$W/tmsr/crush.bin" "$W/tmsr.cb"
  want t-msr16 && finish t-msr16 tmsr.om "mapgen (Tentacle) scripts/osdmap-specs/tmsr.sh: 16 OSDs weights 0.5-4, replicated pools with read_ratio 70/90, MSR EC pools k2m2 (2 OSDs x 2 hosts) and k4m2 (2 x 3), a replicated pool on an msr_firstn rule, osd.6 affinity 0.5" && desired_sa t-msr16 tmsr.om rbd big
  if want t-msr16-out; then
    cp "$W/tmsr.om" "$W/tmsro.om"
    # out OSDs make the MSR descents retry (another OSD of the same host, or another host)
    mark_out tmsro.om tmsr.cb "5 9 12"
    finish t-msr16-out tmsro.om "t-msr16 with osd.5, osd.9 and osd.12 marked out (MSR retries: other OSDs and hosts)"
  fi
  CEPH=$REEF; REL="ceph 18.2.7 (reef)"
fi
if want t-size20; then
  use_tentacle
  mapgen tsize "$SPECS/tsize.sh"
  cp "$W/tsize/osdmap.bin" "$W/tsize.om"
  finish t-size20 tsize.om "mapgen (Tentacle) scripts/osdmap-specs/tsize.sh: 20 OSDs weights 0.5-4, replicated pools with read_ratio 50/70/90/100/60 (size 2), an MSR EC pool k3m1 (2 OSDs x 2 hosts), no primary affinity"
  desired_sa t-size20 tsize.om sa50 sa70 sa90 sa100 s2
  CEPH=$REEF; REL="ceph 18.2.7 (reef)"
fi
echo "done: $OUT"
