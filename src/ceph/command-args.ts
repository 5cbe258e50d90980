/**
 * A value the monitor must receive as a JSON real (`CephFloat` arguments such as `osd primary-affinity`'s weight):
 * JSON.stringify writes 1 for 1.0, and the monitor refuses an integer where it wants a real ("bad or missing field").
 */
export class CephFloat {
  constructor(readonly value: number) {}
}

/** A command as the JSON text librados sends: every CephFloat written with a decimal point (`1.0`, `0.25`). */
export function commandJsonText(cmd: { prefix: string } & Record<string, unknown>): string {
  const marks: string[] = [];
  const text = JSON.stringify(cmd, (_k, v: unknown) => {
    if (!(v instanceof CephFloat)) return v;
    const t = String(v.value);
    marks.push(/[.eE]/.test(t) ? t : `${t}.0`);
    return `\u0000${marks.length - 1}`;
  });
  return text.replace(/"\\u0000(\d+)"/g, (_m, i: string) => marks[Number(i)] as string);
}

/**
 * A JSON command (`{"prefix":"osd pg-upmap-primary","pgid":"2.0","id":1}`) as `ceph` CLI words: the prefix's words,
 * then every other value in key order (arrays spread), `format` as `--format`. Commands are built with their keys in
 * the order of Ceph's command descriptions, so the positional words land where the CLI expects them.
 */
export function cephCliWords(cmd: { prefix: string } & Record<string, unknown>): string[] {
  const words = cmd.prefix.split(' ');
  let format: string | undefined;
  for (const k in cmd) {
    const v = cmd[k];
    if (k === 'prefix') continue;
    if (k === 'format') format = String(v);
    else if (v instanceof CephFloat) words.push(String(v.value));
    else if (Array.isArray(v)) words.push(...v.map(String));
    else if (v !== undefined && v !== null) words.push(String(v));
  }
  if (format !== undefined) words.push('--format', format);
  return words;
}
