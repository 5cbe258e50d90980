import { describe, expect, it } from 'vitest';
import type { SimCluster, SimPlacement, SimWorkload } from '../../src/sim/sim-model.js';
import { simulatePlans } from '../../src/sim/simulate-plans.js';

/** n OSDs (one host each) with the given mean service time. */
function cluster(n: number, serviceMs = 1): SimCluster {
  return {
    maxOsd: n,
    serviceMs: new Float64Array(n).fill(serviceMs),
    hostOf: Int32Array.from({ length: n }, (_, i) => i),
    hostNames: Array.from({ length: n }, (_, i) => `host${i}`),
  };
}

/** PGs whose primary is primaries[i] (size 1 unless replicas given). */
function plan(label: string, primaries: number[], replicas: number[][] = primaries.map((p) => [p])): SimPlacement {
  const offsets = new Int32Array(primaries.length + 1);
  const osds: number[] = [];
  replicas.forEach((r, i) => {
    offsets[i] = osds.length;
    osds.push(...r);
  });
  offsets[primaries.length] = osds.length;
  return { label, changes: 0, primary: Int32Array.from(primaries), offsets, osds: Int32Array.from(osds) };
}

function workload(over: Partial<SimWorkload> = {}): SimWorkload {
  return {
    reads: 200_000,
    seed: 7,
    loop: 'open',
    readRate: 500,
    load: 0,
    clients: 1,
    depth: 1,
    zipf: 0,
    objectsPerPg: 16,
    writeRatio: 0,
    dist: { kind: 'exp' },
    background: new Float64Array(0),
    slowHosts: [],
    ioBytes: 4096,
    osdThreads: 1,
    sharedCores: 0,
    ...over,
  };
}

const one = (w: Partial<SimWorkload>, n = 1, pgs = [0]) =>
  simulatePlans({ cluster: cluster(n), plans: [plan('p', pgs)], workload: workload(w) }).runs[0]!;

describe('simulator against queueing theory', () => {
  it('M/M/1: mean response 1/(mu - lambda) and utilisation rho (rho = 0.5 and 0.8)', () => {
    for (const [rate, tol] of [
      [500, 0.03],
      [800, 0.05],
    ] as const) {
      const r = one({ readRate: rate });
      const rho = rate / 1000;
      const wq = rho / (1 - rho); // mu = 1/ms: rho / (mu - lambda)
      expect(Math.abs(r.latency.mean - (wq + 1)) / (wq + 1)).toBeLessThan(tol);
      expect(r.osds[0]!.utilisation).toBeCloseTo(rho, 1);
      expect(Math.abs(r.osds[0]!.utilisation - rho)).toBeLessThan(0.01);
      expect(Math.abs(r.iops - rate) / rate).toBeLessThan(0.01);
      // M/M/1 response time is exponential: median ln 2 / (mu - lambda)
      expect(Math.abs(r.latency.p50 - Math.LN2 * (wq + 1)) / (wq + 1)).toBeLessThan(tol);
    }
  });

  it('M/D/1: mean wait rho / (2 mu (1 - rho))', () => {
    const r = one({ readRate: 600, dist: { kind: 'det' } });
    const wq = 0.6 / (2 * (1 - 0.6));
    expect(Math.abs(r.latency.mean - (wq + 1)) / (wq + 1)).toBeLessThan(0.03);
    expect(r.latency.p50).toBeGreaterThanOrEqual(1);
  });

  it("Little's law in a closed loop: ops in flight = throughput x mean response", () => {
    const r = one({ loop: 'closed', clients: 4, depth: 2, reads: 100_000 }, 3, [0, 1, 2, 0]);
    expect(Math.abs((r.iops / 1000) * r.latency.mean - 8) / 8).toBeLessThan(0.01);
  });

  it('uniform load over n OSDs: each is busy lambda / n x s', () => {
    const r = one({ readRate: 2000 }, 4, [0, 1, 2, 3, 0, 1, 2, 3]);
    for (const o of r.osds) expect(Math.abs(o.utilisation - 0.5)).toBeLessThan(0.02);
    expect(r.saturationIops).toBeCloseTo(4000, 6);
  });

  it('saturation: a closed loop with many ops in flight converges to the analytic highest stable rate', () => {
    const pgs = [0, 0, 0, 1, 2, 3];
    const r = one({ loop: 'closed', clients: 64, depth: 4, reads: 100_000 }, 4, pgs);
    expect(r.saturationIops).toBeCloseTo(2000, 6); // osd.0 serves half the reads at 1 ms
    expect(Math.abs(r.iops - r.saturationIops) / r.saturationIops).toBeLessThan(0.02);
  });

  it('a plan that balances primaries lowers the busiest OSD and the tail, and raises saturation', () => {
    const c = cluster(4);
    const skewed = plan('crush', [0, 0, 0, 1, 2, 3, 0, 1]);
    const even = plan('even', [0, 1, 2, 3, 0, 1, 2, 3]);
    const rep = simulatePlans({ cluster: c, plans: [skewed, even], workload: workload({ load: 0.8, readRate: 0 }) });
    const [a, b] = rep.runs as [(typeof rep.runs)[0], (typeof rep.runs)[0]];
    const maxU = (r: typeof a) => Math.max(...r.osds.map((o) => o.utilisation));
    expect(maxU(b)).toBeLessThan(maxU(a) - 0.3);
    expect(b.latency.p99).toBeLessThan(a.latency.p99);
    expect(b.saturationIops / a.saturationIops).toBeCloseTo(2, 6);
    expect(a.iops).toBeCloseTo(b.iops, -2);
  });

  it('writes visit every replica; a read visits only the primary', () => {
    const p = plan(
      'p',
      [0, 1],
      [
        [0, 1, 2],
        [1, 2, 0],
      ],
    );
    const w = workload({ readRate: 300, writeRatio: 0.5, reads: 50_000 });
    const r = simulatePlans({ cluster: cluster(3), plans: [p], workload: w }).runs[0]!;
    // per op: 0.5 read at the primary (0 or 1) + 0.5 write at all three -> osd.2 is busy 600 ops/s x 0.5 x 1 ms
    expect(Math.abs(r.osds[2]!.utilisation - 0.3)).toBeLessThan(0.015);
    expect(r.osds[2]!.reads).toBe(0);
    expect(r.saturationIops).toBeCloseTo((1000 / 1.5) * 0.5 * 2, 6);
  });

  it('a slow host adds its delay to every read it serves; its bandwidth caps saturation', () => {
    const base = one({ readRate: 100, dist: { kind: 'det' } }, 2, [0, 1]);
    const slow = one(
      { readRate: 100, dist: { kind: 'det' }, slowHosts: [{ host: 1, extraMs: 4, mbps: 0 }] },
      2,
      [0, 1],
    );
    expect(slow.osds[1]!.meanReadMs - base.osds[1]!.meanReadMs).toBeCloseTo(4, 6);
    expect(slow.osds[0]!.meanReadMs).toBeCloseTo(base.osds[0]!.meanReadMs, 6);
    // 4096-byte replies on a 4.096 MB/s link: 1 ms each; half the reads -> 2000 reads/s at most
    const nic = one({ readRate: 100, slowHosts: [{ host: 1, extraMs: 0, mbps: 2.048 }] }, 2, [0, 1]);
    expect(nic.saturationIops).toBeCloseTo(1000, 6);
  });

  it('a noisy neighbour takes its share of the OSD', () => {
    const r = one({ readRate: 300, background: Float64Array.of(0.4) });
    expect(Math.abs(r.osds[0]!.utilisation - 0.7)).toBeLessThan(0.02);
    expect(r.saturationIops).toBeCloseTo(600, 6);
  });

  it('a shared CPU pool: M/M/c with the whole cluster as one queue', () => {
    const r = one({ loop: 'closed', clients: 32, depth: 1, reads: 50_000, sharedCores: 2 }, 4, [0, 0, 0, 1]);
    expect(r.saturationIops).toBeCloseTo(2000, 6);
    expect(Math.abs(r.iops - 2000) / 2000).toBeLessThan(0.03);
    // each OSD's utilisation is its part of the pool's capacity: together, the whole (saturated) pool
    expect(Math.abs(r.osds.reduce((s, o) => s + o.utilisation, 0) - 1)).toBeLessThan(0.01);
    expect(r.osds[0]!.utilisation).toBeCloseTo(0.75, 1);
  });

  it('is deterministic for a seed and differs for another', () => {
    const a = one({ readRate: 700, reads: 20_000 });
    const b = one({ readRate: 700, reads: 20_000 });
    const c = one({ readRate: 700, reads: 20_000, seed: 8 });
    expect(a).toEqual(b);
    expect(c.latency.mean).not.toBe(a.latency.mean);
  });
});
