import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emitOutput } from './output.js';
import { runPlan } from './plan.js';

/** The bundled demo cluster: real dumps of a 12-OSD Reef cluster (weights 0.5-4, hdd+ssd, 5 pools). */
export function demoDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    const candidate = join(dir, 'demo', 'cluster-12osd');
    if (existsSync(join(candidate, 'osd-dump.json'))) return candidate;
  }
  return join(process.cwd(), 'demo', 'cluster-12osd');
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'plan the bundled demo cluster (real dumps of a heterogeneous 12-OSD Reef cluster) and show the result',
    )
    .action(async () => {
      const dir = demoDir();
      const osdmap = join(dir, 'osd-dump.json');
      const crush = join(dir, 'osd-crush-dump.json');
      const { plan, text } = await runPlan({ osdmap, crush, pool: [], policy: 'even', format: 'text' });
      const rel = (p: string) => relative(process.cwd(), p) || p;
      const head =
        `demo cluster: ${rel(dir)} (ceph osd dump / ceph osd crush dump of a live Reef 18.2.7 cluster)\n` +
        `same as: loadshift plan --osdmap ${rel(osdmap)} --crush ${rel(crush)}\n\n`;
      emitOutput(
        `${head}${text}\n${plan.ops.length} command(s); to get them as a script: loadshift plan --osdmap ${rel(osdmap)} --crush ${rel(crush)} --format script -o plan.sh\n`,
        undefined,
      );
    });
}
