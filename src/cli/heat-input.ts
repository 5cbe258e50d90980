import { type Command, Option } from 'commander';
import { checkHeatSamples, parseHeatSample } from '../ceph/read-heat-sample.js';
import type { HeatMetric } from '../cluster/heat-sample.js';
import { readHeat } from '../cluster/read-heat.js';
import { usageError } from '../errors.js';
import { oneOf, single } from './cli-options.js';
import { readInput } from './read-input.js';

export interface HeatFlags {
  heat?: string[];
  heatMetric: HeatMetric;
  heatHalfLife: number;
}

export interface LoadedHeat {
  heat: Map<string, number>;
  label: string;
  notes: string[];
}

const UNIT: Record<HeatMetric, string> = { ops: 'reads/s', bytes: 'bytes read/s', mix: 'read equivalents/s' };

/** Reads the --heat samples (gather snapshots or `ceph pg dump pgs -f json` files), oldest first, and computes the heat. */
export function loadHeat(f: HeatFlags, fsid: string | undefined): LoadedHeat {
  const files = f.heat ?? [];
  if (files.filter((x) => x === '-').length > 0) throw usageError('--heat', 'heat samples are files (not stdin)');
  const samples = files.map((file) => parseHeatSample(readInput(file)));
  const { kept, notes } = checkHeatSamples(samples, fsid);
  const h = readHeat(kept, { metric: f.heatMetric, halfLifeS: f.heatHalfLife });
  return {
    heat: h.heat,
    label: `${UNIT[f.heatMetric]} (${f.heatMetric}) over ${h.windowS.toFixed(0)} s, ${kept.length} samples, half-life ${f.heatHalfLife} s`,
    notes: [...notes, ...h.notes],
  };
}

/** Parses a positive number of seconds. */
export function secondsOption(flag: string): (v: string) => number {
  return (v: string) => {
    const n = Number(v);
    if (!(n > 0) || !Number.isFinite(n)) throw usageError(flag, `expected a positive number of seconds, got '${v}'`);
    return n;
  };
}

/** The heat flags of `plan` and `score`. */
export function heatOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option(
        '--heat <sample...>',
        "balance the measured read load: two or more gather snapshots or 'ceph pg dump pgs -f json' files, oldest first",
      ),
    )
    .addOption(
      oneOf(
        '--heat-metric <metric>',
        'what heat measures: ops (reads/s), bytes (bytes read/s), mix',
        ['ops', 'bytes', 'mix'],
        'ops',
      ),
    )
    .addOption(
      single(
        '--heat-half-life <seconds>',
        'half-life of the smoothing over sample intervals',
        secondsOption('--heat-half-life'),
      ).default(3600),
    );
}
