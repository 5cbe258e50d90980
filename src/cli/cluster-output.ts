/**
 * Where `generate` and `whatif` write a cluster: a snapshot file for `--from` (default, stdout or -o FILE), one
 * document (--format osdmap | crush | crush-text | mapgen), or a folder with osdmap.json + crush.json (+ crush.txt,
 * and the mapgen spec when there is one) for `--osdmap DIR/osdmap.json --crush DIR/crush.json`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { crushText } from '../ceph/crush-text.js';
import type { Snapshot } from '../ceph/snapshot-file.js';
import { inputError, usageError } from '../errors.js';
import { emitOutput } from './output.js';

export const CLUSTER_FORMATS = ['snapshot', 'osdmap', 'crush', 'crush-text', 'mapgen'] as const;

export interface ClusterDocs {
  snapshot: Snapshot;
  /** the mapgen spec, when the cluster has one (generate) */
  mapgen?: string;
}

export interface ClusterOutputFlags {
  output?: string;
  out?: string;
  format: string;
}

const json = (o: unknown) => `${JSON.stringify(o)}\n`;

export function writeCluster(docs: ClusterDocs, f: ClusterOutputFlags, command: string): string[] {
  const s = docs.snapshot;
  if (f.out !== undefined) {
    if (f.output !== undefined) throw usageError('--out', 'give either --out DIR or -o FILE');
    try {
      mkdirSync(f.out, { recursive: true });
    } catch {
      throw inputError(f.out, 'cannot create the folder; check the path');
    }
    const files: [string, string][] = [
      ['osdmap.json', json(s.osd_dump)],
      ['crush.json', json(s.osd_crush_dump)],
      ['crush.txt', crushText(s.osd_crush_dump)],
      ['snapshot.json', json(s)],
      ...(docs.mapgen ? ([['mapgen-spec.sh', docs.mapgen]] as [string, string][]) : []),
    ];
    for (const [name, text] of files) emitOutput(text, join(f.out, name));
    return files.map(([name]) => join(f.out!, name));
  }
  let text: string;
  switch (f.format) {
    case 'osdmap':
      text = json(s.osd_dump);
      break;
    case 'crush':
      text = json(s.osd_crush_dump);
      break;
    case 'crush-text':
      text = crushText(s.osd_crush_dump);
      break;
    case 'mapgen':
      if (docs.mapgen === undefined) throw usageError('--format', `${command} has no mapgen spec to write`);
      text = docs.mapgen;
      break;
    default:
      text = json(s);
  }
  emitOutput(text, f.output);
  return f.output === undefined || f.output === '-' ? [] : [f.output];
}
