/** Structured logs: one JSON object per line on stderr (`{"ts":…,"level":"info","event":"round",…}`). */
export type LogLevel = 'info' | 'warn' | 'error';

export type JsonLog = (level: LogLevel, event: string, fields?: Record<string, unknown>) => void;

export function jsonLog(write: (line: string) => void = (l) => process.stderr.write(l)): JsonLog {
  return (level, event, fields = {}) => {
    write(`${JSON.stringify({ ts: new Date().toISOString(), level, event, ...fields })}\n`);
  };
}
