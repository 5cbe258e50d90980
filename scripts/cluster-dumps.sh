#!/usr/bin/env bash
# Write the live cluster's dumps loadshift reads into DIR: osd-dump.json, osd-crush-dump.json,
# pg-dump-pgs-brief.json, pool-ls-detail.json, plus osdmap.bin and test-map-pgs-dump-all.txt (osdmaptool).
# Note: the mgr's pg dump lags the osdmap by seconds after a change; the tests wait for it (waitForPgDump).
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
mkdir -p "$1"; DIR=$(realpath "$1")
cd "$(dirname "$0")/.."
../shared/ceph-reef/run.sh -d "$DIR" bash -euo pipefail -c '
ceph osd dump -f json > osd-dump.json
ceph osd crush dump -f json > osd-crush-dump.json
ceph pg dump pgs_brief -f json > pg-dump-pgs-brief.json 2>/dev/null
ceph osd pool ls detail -f json > pool-ls-detail.json
e=$(python3 -c "import json; print(json.load(open(\"osd-dump.json\"))[\"epoch\"])")
ceph osd getmap "$e" -o osdmap.bin 2>/dev/null
osdmaptool osdmap.bin --test-map-pgs-dump-all > test-map-pgs-dump-all.txt 2>/dev/null
echo "dumps of osdmap e$e in '"$DIR"'"'
