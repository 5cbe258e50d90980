#!/usr/bin/env bash
# Start the heterogeneous 8-OSD live Reef cluster the integration tests use (LIVE_8OSD in
# test/helpers/ceph-cluster.ts; keep the two in sync), for manual runs. Needs root and ../shared/ceph-reef
# (run its setup.sh once). Stop it with scripts/cluster-down.sh. Gather dumps with scripts/cluster-dumps.sh DIR.
# Pools: .mgr 1, p32 2, p64 3, p128 4 (rule 0), pssd 5 (class ssd, failure domain osd), pec 6 (EC k=2 m=1).
set -euo pipefail
cd "$(dirname "$0")/.."
REEF=../shared/ceph-reef
NUM_OSDS=8 OSDS_PER_HOST=2 HOSTS_PER_RACK=2 OSD_WEIGHTS="1,1,2,2,0.5,0.5,4,1" \
  OSD_CLASSES="hdd,hdd,hdd,hdd,ssd,ssd,ssd,ssd" POOLS="p32:32 p64:64 p128:128" MEMSTORE_BYTES=67108864 \
  "$REEF/cluster-up.sh"
"$REEF/run.sh" -d /tmp bash -euo pipefail -c '
ceph osd set-require-min-compat-client reef
ceph osd crush rule create-replicated ssd-osd default osd ssd
ceph osd pool create pssd 32 32 replicated ssd-osd
ceph osd pool application enable pssd rbd
ceph osd erasure-code-profile set ec21 k=2 m=1 crush-failure-domain=osd
ceph osd pool create pec 8 8 erasure ec21
ceph osd pool application enable pec rbd
for i in $(seq 1 240); do
  ceph pg stat -f json | python3 -c "import json,sys; s=json.load(sys.stdin)[\"pg_summary\"]; sys.exit(0 if s[\"num_pgs\"] and sum(x[\"num\"] for x in s[\"num_pg_by_state\"] if x[\"name\"]==\"active+clean\")==s[\"num_pgs\"] else 1)" && break
  sleep 0.5
done
ceph pg stat'
