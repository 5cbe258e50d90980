/** Field path (`rules[0].drain.hosts[0]`) → line, for every node of a parsed YAML document. */
import { isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

export function yamlLines(root: unknown, counter: LineCounter): Map<string, number> {
  const lines = new Map<string, number>();
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : counter.linePos(offset).line);
  const walk = (node: unknown, path: string): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const p = path === '' ? key : `${path}.${key}`;
        lines.set(p, lineAt((pair.key as Node | null)?.range?.[0]));
        walk(pair.value, p);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const p = `${path}[${i}]`;
        lines.set(p, lineAt((item as Node | null)?.range?.[0]));
        walk(item, p);
      });
    }
  };
  walk(root, '');
  return lines;
}
