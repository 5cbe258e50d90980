import type { ServiceDist } from './sim-model.js';

/**
 * Draws service times around a given mean: exponential (M/M/1's), deterministic (M/D/1's) or lognormal with a
 * coefficient of variation (real disks: a long right tail). Pure; the rng is the caller's.
 */
export type ServiceSampler = (mean: number) => number;

export function serviceSampler(dist: ServiceDist, rng: () => number): ServiceSampler {
  if (dist.kind === 'det') return (mean) => mean;
  if (dist.kind === 'exp') return (mean) => -mean * Math.log(1 - rng());
  const s2 = Math.log(1 + dist.cv * dist.cv);
  const sigma = Math.sqrt(s2);
  let spare = Number.NaN;
  const normal = (): number => {
    if (!Number.isNaN(spare)) {
      const z = spare;
      spare = Number.NaN;
      return z;
    }
    // Box-Muller: two independent standard normals per pair of uniforms
    const r = Math.sqrt(-2 * Math.log(1 - rng()));
    const a = 2 * Math.PI * rng();
    spare = r * Math.sin(a);
    return r * Math.cos(a);
  };
  return (mean) => mean * Math.exp(sigma * normal() - s2 / 2);
}

/** An exponential inter-arrival time for a rate per ms. */
export function expGap(ratePerMs: number, rng: () => number): number {
  return -Math.log(1 - rng()) / ratePerMs;
}
