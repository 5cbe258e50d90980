/** What `ceph balancer status -f json` says that matters here: whether the mgr balancer runs, and in which mode. */
export interface BalancerStatus {
  active: boolean;
  mode: string;
}

/** Parses the mgr balancer status; undefined when the reply is not the expected shape (mgr module off). */
export function parseBalancerStatus(json: unknown): BalancerStatus | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const j = json as Record<string, unknown>;
  if (typeof j.active !== 'boolean' || typeof j.mode !== 'string') return undefined;
  return { active: j.active, mode: j.mode };
}
