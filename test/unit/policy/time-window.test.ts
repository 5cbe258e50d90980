/** Time windows: days, HH:MM ranges (also across midnight), IANA time zones with their daylight saving time. */
import { describe, expect, it } from 'vitest';
import type { WindowSpec } from '../../../src/policy/policy-spec.js';
import { inWindow, knownTimeZone, localTime, parseBetween } from '../../../src/policy/time-window.js';

const w = (between: string | undefined, days: WindowSpec['days'], tz = 'UTC'): WindowSpec => ({
  tz,
  ...(days ? { days } : {}),
  ...(between ? { between: { ...parseBetween(between)!, text: between } } : {}),
});
const at = (iso: string) => Date.parse(iso);

describe('time windows', () => {
  it('parse HH:MM-HH:MM, with 24:00 as an end; refuse empty and malformed ranges', () => {
    expect(parseBetween('08:00-20:00')).toEqual({ start: 480, end: 1200 });
    expect(parseBetween('22:30-06:15')).toEqual({ start: 1350, end: 375 });
    expect(parseBetween('00:00-24:00')).toEqual({ start: 0, end: 1440 });
    for (const bad of ['8:00-20:00', '08:00-08:00', '24:00-01:00', '08:60-09:00', '08:00-24:01', '08:00 - 20:00'])
      expect(parseBetween(bad), bad).toBeUndefined();
  });

  it('a range is [start, end): the end minute is outside', () => {
    const win = w('08:00-20:00', undefined);
    expect(inWindow(win, at('2026-03-02T07:59:00Z'))).toBe(false);
    expect(inWindow(win, at('2026-03-02T08:00:00Z'))).toBe(true);
    expect(inWindow(win, at('2026-03-02T19:59:59Z'))).toBe(true);
    expect(inWindow(win, at('2026-03-02T20:00:00Z'))).toBe(false);
  });

  it('a range across midnight belongs to the day it starts on', () => {
    // Friday 22:00 to Saturday 06:00; 2026-03-06 is a Friday
    const win = w('22:00-06:00', ['fri']);
    expect(inWindow(win, at('2026-03-06T21:59:00Z'))).toBe(false);
    expect(inWindow(win, at('2026-03-06T23:00:00Z'))).toBe(true);
    expect(inWindow(win, at('2026-03-07T05:59:00Z'))).toBe(true);
    expect(inWindow(win, at('2026-03-07T06:00:00Z'))).toBe(false);
    expect(inWindow(win, at('2026-03-07T23:00:00Z'))).toBe(false); // Saturday evening: not a window day
    expect(inWindow(win, at('2026-03-06T02:00:00Z'))).toBe(false); // Friday morning belongs to Thursday's window
  });

  it('evaluates days and times in the window time zone, daylight saving time included', () => {
    const berlin = w('08:00-20:00', ['mon', 'tue', 'wed', 'thu', 'fri'], 'Europe/Berlin');
    // winter (CET, UTC+1): 07:30 UTC is 08:30 in Berlin
    expect(inWindow(berlin, at('2026-01-05T07:30:00Z'))).toBe(true);
    expect(inWindow(berlin, at('2026-01-05T19:30:00Z'))).toBe(false);
    // summer (CEST, UTC+2): 06:30 UTC is 08:30, 18:30 UTC is 20:30
    expect(inWindow(berlin, at('2026-07-06T06:30:00Z'))).toBe(true);
    expect(inWindow(berlin, at('2026-07-06T18:30:00Z'))).toBe(false);
    // Saturday 2026-01-10 09:00 Berlin: not a window day
    expect(inWindow(berlin, at('2026-01-10T08:00:00Z'))).toBe(false);
    // Sunday 23:30 UTC is already Monday 00:30 in Berlin... but before 08:00; and Monday 01:00 in Tokyo-style zones
    const tokyoMonday = w(undefined, ['mon'], 'Asia/Tokyo');
    expect(inWindow(tokyoMonday, at('2026-01-04T16:00:00Z'))).toBe(true); // Sunday 16:00 UTC = Monday 01:00 JST
    expect(inWindow(tokyoMonday, at('2026-01-04T14:00:00Z'))).toBe(false);
  });

  it('knows IANA names and refuses others; localTime gives weekday and minute', () => {
    expect(knownTimeZone('America/New_York')).toBe(true);
    expect(knownTimeZone('UTC')).toBe(true);
    expect(knownTimeZone('Europe/Berlinn')).toBe(false);
    expect(localTime(at('2026-03-02T09:05:00Z'), 'America/New_York')).toEqual({ day: 'mon', minute: 4 * 60 + 5 });
  });
});
