/**
 * A custom loadshift policy (a `custom:` rule names this file): each OSD's share inversely proportional to its mean
 * read latency over the history the daemon keeps, so an OSD twice as slow as the median leads half as many PGs.
 * Pure and synchronous: it reads only its arguments.
 *
 *   snapshot: { now, osds: [{ id, class, up, in, primaryAffinity, factor }], pools: [{ id, name, size, pgNum }] }
 *   history:  [{ at, readLatencyMs: { "<osd id>": ms } }], oldest first (empty offline: then nothing changes)
 *   options:  the rule's `options:` (here `floor_ms`, the latency below which OSDs count as equally fast)
 *   returns:  { "<osd id>": share } — OSDs left out keep the factor the rules before this one gave them
 */
export default function inverseLatency(snapshot, history, options) {
  const floor = options?.floor_ms ?? 0.5;
  const mean = new Map();
  for (const osd of snapshot.osds) {
    let sum = 0;
    let n = 0;
    for (const round of history) {
      const ms = round.readLatencyMs[String(osd.id)];
      if (ms !== undefined) {
        sum += ms;
        n++;
      }
    }
    if (n > 0) mean.set(osd.id, Math.max(floor, sum / n));
  }
  if (mean.size === 0) return {};
  const sorted = [...mean.values()].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1];
  const out = {};
  for (const osd of snapshot.osds) {
    const ms = mean.get(osd.id);
    if (ms !== undefined) out[osd.id] = (osd.factor * median) / ms;
  }
  return out;
}
