/**
 * Time windows of policy rules, evaluated with Intl (no clock of its own: the caller gives `now`). A window
 * `between: "22:00-06:00"` crosses midnight and belongs to the day it starts on: with `days: [fri]` it holds from
 * Friday 22:00 to Saturday 06:00 in its time zone.
 */
import { DAYS, type Day, type WindowSpec } from './policy-spec.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** True when `tz` is an IANA time zone name this runtime knows. */
export function knownTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** "HH:MM-HH:MM" as minutes after midnight; undefined when malformed or empty (start = end). End may be 24:00. */
export function parseBetween(text: string): { start: number; end: number } | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)$/.exec(text);
  if (m === null) return undefined;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  if (end > 24 * 60 || end === start) return undefined;
  return { start, end };
}

/** Day of the week and minute of the day at `now` (ms since the epoch) in `tz`. */
export function localTime(now: number, tz: string): { day: Day; minute: number } {
  let day: Day = 'mon';
  let hour = 0;
  let minute = 0;
  for (const p of formatter(tz).formatToParts(new Date(now))) {
    if (p.type === 'weekday') day = p.value.toLowerCase().slice(0, 3) as Day;
    else if (p.type === 'hour') hour = Number(p.value) % 24;
    else if (p.type === 'minute') minute = Number(p.value);
  }
  return { day, minute: hour * 60 + minute };
}

function previousDay(day: Day): Day {
  return DAYS[(DAYS.indexOf(day) + 6) % 7] as Day;
}

/** Whether the window holds at `now`. */
export function inWindow(w: WindowSpec, now: number): boolean {
  const { day, minute } = localTime(now, w.tz);
  const onDay = (d: Day) => w.days === undefined || w.days.includes(d);
  const b = w.between;
  if (b === undefined) return onDay(day);
  if (b.start < b.end) return onDay(day) && minute >= b.start && minute < b.end;
  // crosses midnight: the evening part belongs to today, the morning part to the day before
  return (minute >= b.start && onDay(day)) || (minute < b.end && onDay(previousDay(day)));
}

/** "mon-fri 08:00-20:00 Europe/Berlin"-style text. */
export function describeWindow(w: WindowSpec): string {
  const days = w.days === undefined ? 'every day' : w.days.join(',');
  return `${days}${w.between ? ` ${w.between.text}` : ''} (${w.tz})`;
}
