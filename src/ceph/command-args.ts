/**
 * A JSON command (`{"prefix":"osd pg-upmap-primary","pgid":"2.0","id":1}`) as `ceph` CLI words: the prefix's words,
 * then every other value in key order (arrays spread), `format` as `--format`. Commands are built with their keys in
 * the order of Ceph's command descriptions, so the positional words land where the CLI expects them.
 */
export function cephCliWords(cmd: { prefix: string } & Record<string, unknown>): string[] {
  const words = cmd.prefix.split(' ');
  let format: string | undefined;
  for (const [k, v] of Object.entries(cmd)) {
    if (k === 'prefix') continue;
    if (k === 'format') format = String(v);
    else if (Array.isArray(v)) words.push(...v.map(String));
    else if (v !== undefined && v !== null) words.push(String(v));
  }
  if (format !== undefined) words.push('--format', format);
  return words;
}
