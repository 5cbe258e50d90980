import type { JournalBatch } from '../ceph/journal.js';

/** Apply's progress on stderr: a bar redrawn in place on a terminal, one plain line per batch otherwise. */
export function applyProgress(): (sent: number, total: number, b: JournalBatch, batches: number) => void {
  const tty = process.stderr.isTTY === true;
  return (sent, total, b, batches) => {
    const epochs = `e${b.epoch_before} -> e${b.epoch_after ?? '?'}`;
    if (tty) {
      const width = 30;
      const full = Math.round((sent / total) * width);
      process.stderr.write(
        `\r[${'#'.repeat(full)}${' '.repeat(width - full)}] ${sent}/${total} ops, batch ${b.index + 1}/${batches} ${epochs}${sent === total ? '\n' : ''}`,
      );
    } else {
      process.stderr.write(
        `loadshift: batch ${b.index + 1}/${batches}: ${b.ops} op(s) accepted and verified, ${epochs}, ${b.ms ?? 0} ms (${sent}/${total})\n`,
      );
    }
  };
}
