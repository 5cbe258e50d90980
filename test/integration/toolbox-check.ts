/** Global setup of the real-cluster tests: without the Ceph toolbox they cannot run; say so in one line and fail. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CEPH_REEF_DIR } from '../helpers/ceph-cluster.js';

export default function setup(): void {
  for (const f of ['run.sh', 'cluster-up.sh', 'cluster-down.sh']) {
    if (!existsSync(join(CEPH_REEF_DIR, f))) {
      throw new Error(
        `the Ceph Reef toolbox is missing (${join(CEPH_REEF_DIR, f)}): the real-cluster tests need ../shared/ceph-reef beside the repository`,
      );
    }
  }
}
