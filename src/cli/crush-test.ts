/**
 * `loadshift crush test`: crushtool --test --show-mappings on a crush dump, line for line
 * (`CRUSH rule 0 x 0 [7,0,19]`). As crushtool: devices in some bucket start at reweight 1 (others 0),
 * --weight OSD W overrides (W in [0, 1], (int)(W * 0x10000) as a float); with --pool-id P the input
 * of x is hash32_2(x, P) (a PG seed of pool P when x < pgp_num), the printed x stays x; the
 * choose_args set is always crushtool's index 0 (else the default -1 set), whatever --pool-id.
 */
import type { Command } from 'commander';
import { parseJsonText } from '../ceph/read-json.js';
import { single } from './cli-options.js';
import { readInput } from './read-input.js';
import { parseCrushMap } from '../ceph/read-crush.js';
import { chooseArgsFor, findRule } from '../crush/choose-args.js';
import { doRule } from '../crush/do-rule.js';
import { hash32_2 } from '../crush/hash.js';
import type { CrushMap } from '../crush/types.js';
import { inputError, usageError } from '../errors.js';

interface CrushTestOptions {
  crush: string;
  rule: string;
  numRep: string;
  minX: string;
  maxX: string;
  weight?: string[];
  poolId?: string;
}

function intArg(flag: string, v: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(v.trim())) throw usageError(flag, `expected an integer, got '${v}'`);
  const n = Number(v);
  if (n < min || n > max) throw usageError(flag, `${n} is out of range [${min}, ${max}]`);
  return n;
}

/** crushtool's weight vector: 0x10000 for devices in the hierarchy, 0 for the others, then overrides. */
export function crushtoolWeights(map: CrushMap, overrides: ReadonlyMap<number, number>): Uint32Array {
  const w = new Uint32Array(map.maxDevices);
  for (let o = 0; o < w.length; o++) w[o] = overrides.get(o) ?? (map.devicePresent[o] ? 0x10000 : 0);
  return w;
}

function parseWeights(pairs: readonly string[], map: CrushMap): Map<number, number> {
  if (pairs.length % 2 !== 0) throw usageError('--weight', 'expects two values: OSD WEIGHT');
  const m = new Map<number, number>();
  for (let i = 0; i < pairs.length; i += 2) {
    const osd = intArg('--weight', pairs[i]!, 0, 0x7fffffff);
    if (osd >= map.maxDevices)
      throw usageError('--weight', `osd.${osd} is not in the CRUSH map (max device ${map.maxDevices - 1})`);
    const text = pairs[i + 1]!;
    const f = Number(text);
    if (text.trim() === '' || !Number.isFinite(f) || f < 0 || f > 1) {
      throw usageError('--weight', `weight of osd.${osd} must be a number from 0 to 1, got '${text}'`);
    }
    m.set(osd, Math.trunc(Math.fround(f) * 0x10000));
  }
  return m;
}

export function runCrushTest(opts: CrushTestOptions): string {
  const doc = readInput(opts.crush);
  const map = parseCrushMap(parseJsonText(doc.text, doc.source), doc.source);
  const ruleId = intArg('--rule', opts.rule, 0, 0x7fffffff);
  const numRep = intArg('--num-rep', opts.numRep, 1, 1024);
  const minX = intArg('--min-x', opts.minX, 0, 0xffffffff);
  const maxX = intArg('--max-x', opts.maxX, minX, 0xffffffff);
  const poolId = opts.poolId === undefined ? undefined : intArg('--pool-id', opts.poolId, 0, 0xffffffff);
  if (findRule(map, ruleId) === undefined) {
    const known = map.rules.flatMap((r) => (r ? [`${r.id} (${r.name})`] : [])).join(', ');
    throw inputError(opts.crush, `rule ${ruleId} does not exist (rules: ${known || 'none'})`);
  }
  const weights = crushtoolWeights(map, parseWeights(opts.weight ?? [], map));
  const args = chooseArgsFor(map, 0);
  const out: number[] = [];
  const lines: string[] = [];
  for (let x = minX; x <= maxX; x++) {
    const realX = poolId === undefined ? x : hash32_2(x, poolId);
    doRule(map, ruleId, realX, numRep, weights, args, out);
    lines.push(`CRUSH rule ${ruleId} x ${x} [${out.join(',')}]\n`);
  }
  return lines.join('');
}

export function registerCrushTest(program: Command): void {
  const crush =
    program.commands.find((c) => c.name() === 'crush') ??
    program.command('crush').description('CRUSH map tools (exact Ceph Reef mapping)');
  crush
    .command('test')
    .description("map inputs through a CRUSH rule like 'crushtool --test --show-mappings'")
    .addOption(
      single(
        '--crush <file>',
        "CRUSH map JSON ('ceph osd crush dump -f json' or 'crushtool -i map --dump'); - reads stdin",
      ).makeOptionMandatory(),
    )
    .addOption(single('--rule <id>', 'rule id').makeOptionMandatory())
    .addOption(single('--num-rep <n>', 'number of replicas').makeOptionMandatory())
    .addOption(single('--min-x <x>', 'first input').default('0'))
    .addOption(single('--max-x <x>', 'last input').default('1023'))
    .option('--weight <osd_weight...>', 'OSD WEIGHT: reweight of a device, 0..1 (repeatable)')
    .addOption(single('--pool-id <p>', 'x values are PG seeds of pool P (input hash32_2(x, P))'))
    .action((opts: CrushTestOptions) => {
      process.stdout.write(runCrushTest(opts));
    });
}
