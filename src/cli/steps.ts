/**
 * Progress of the long steps of a command, on stderr, for any step that takes over a second: on a terminal the step
 * being run is shown in place (and erased if it was quick); otherwise a line when a step has run a second
 * (`loadshift: mapping every PG ...`, printed while it runs when it waits on threads) and one with its time when it
 * ends. Quick runs print nothing.
 */
export interface Steps {
  run<T>(label: string, fn: () => T | Promise<T>): Promise<T>;
}

export function stepProgress(out: NodeJS.WriteStream = process.stderr, thresholdMs = 1000): Steps {
  const tty = out.isTTY === true;
  return {
    async run<T>(label: string, fn: () => T | Promise<T>): Promise<T> {
      const t0 = performance.now();
      let announced = false;
      if (tty) out.write(`\rloadshift: ${label} ...`);
      const timer = setTimeout(() => {
        announced = true;
        if (!tty) out.write(`loadshift: ${label} ...\n`);
      }, thresholdMs);
      try {
        return await fn();
      } finally {
        clearTimeout(timer);
        const ms = performance.now() - t0;
        if (tty) out.write('\r\x1b[K');
        if (ms >= thresholdMs || announced) out.write(`loadshift: ${label}: ${(ms / 1000).toFixed(1)} s\n`);
      }
    },
  };
}
