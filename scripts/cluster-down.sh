#!/usr/bin/env bash
# Stop the live Reef cluster started by scripts/cluster-up.sh (by PID; --purge also deletes its state).
set -euo pipefail
cd "$(dirname "$0")/.."
exec ../shared/ceph-reef/cluster-down.sh "$@"
