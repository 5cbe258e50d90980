import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// The real-cluster tests need the Ceph Reef toolbox beside the repository (../shared/ceph-reef, or
// LOADSHIFT_CEPH_REEF_DIR). In CI its absence is a failure with a clear message (test/integration/toolbox-check.ts);
// elsewhere the run says so and runs nothing.
// LOADSHIFT_CEPH_RELEASE=tentacle: the Tentacle toolbox (../shared/ceph-tentacle) instead
const release = process.env.LOADSHIFT_CEPH_RELEASE === 'tentacle' ? 'ceph-tentacle' : 'ceph-reef';
const toolbox = resolve(import.meta.dirname, process.env.LOADSHIFT_CEPH_REEF_DIR ?? join('..', 'shared', release));
const present = existsSync(join(toolbox, 'run.sh')) && existsSync(join(toolbox, 'cluster-up.sh'));
const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
if (!present && !ci) {
  console.warn(`loadshift: no Ceph toolbox at ${toolbox}: the real-cluster tests are SKIPPED (outside CI only)`);
}

export default defineConfig({
  test: {
    include: present || ci ? ['test/integration/**/*.test.ts'] : [],
    globalSetup: !present && ci ? ['test/integration/toolbox-check.ts'] : [],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
