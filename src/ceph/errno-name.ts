const NAMES: Record<number, string> = {
  1: 'EPERM',
  2: 'ENOENT',
  5: 'EIO',
  11: 'EAGAIN',
  13: 'EACCES',
  16: 'EBUSY',
  17: 'EEXIST',
  22: 'EINVAL',
  95: 'EOPNOTSUPP',
  110: 'ETIMEDOUT',
};

/** A refusal's status line as the `ceph` CLI prints it: `Error EINVAL: osd.3 is not in acting set for pg 2.0`. */
export function refusalLine(rc: number, status: string): string {
  if (rc === 0 || /^Error E[A-Z]+:/.test(status)) return status;
  return `Error ${NAMES[-rc] ?? `errno ${-rc}`}: ${status}`;
}
