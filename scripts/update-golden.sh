#!/bin/sh
# Regenerates the golden text outputs of `plan` and `score` on the bundled demo cluster (test/cli/golden.test.ts
# compares them byte for byte). Run after a deliberate change of the text, and review the diff before committing.
set -eu
cd "$(dirname "$0")/.."
npm run --silent build
D=demo/cluster-12osd
G=test/fixtures/golden
mkdir -p "$G"
node dist/src/cli/main.js plan --osdmap $D/osd-dump.json --crush $D/osd-crush-dump.json > "$G/demo-plan.txt"
node dist/src/cli/main.js plan --osdmap $D/osd-dump.json --crush $D/osd-crush-dump.json --policy ceph > "$G/demo-plan-ceph.txt"
node dist/src/cli/main.js plan --osdmap $D/osd-dump.json --crush $D/osd-crush-dump.json --max-changes 10 > "$G/demo-plan-budget10.txt"
node dist/src/cli/main.js score --osdmap $D/osd-dump.json --crush $D/osd-crush-dump.json > "$G/demo-score.txt"
echo "golden files written to $G"
