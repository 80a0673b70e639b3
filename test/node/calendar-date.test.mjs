// The core's calendar-date arithmetic (src/core/calendar-date.ts), which every element that
// names a day uses: refill eligibility, reminders' "remind me later", the booking calendar,
// the health tracker's latest day. Expected dates are worked out by hand from the calendar.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { importTs } from './ts-bundle.mjs';

let c;
before(async () => {
  c = await importTs(['src/core/calendar-date.ts']);
});

describe('calendar dates', () => {
  it('addMonths keeps the day, or takes the month\'s last day when it has none', () => {
    assert.equal(c.addMonths('2026-01-31', 1), '2026-02-28');
    assert.equal(c.addMonths('2028-01-31', 1), '2028-02-29'); // leap year
    assert.equal(c.addMonths('2026-03-31', -1), '2026-02-28');
    assert.equal(c.addMonths('2026-12-15', 1), '2027-01-15');
    assert.equal(c.addMonths('2026-01-15', -1), '2025-12-15');
    assert.equal(c.addMonths('2026-05-31', 13), '2027-06-30');
  });

  it('addDays crosses months, years and daylight-saving changes by whole days', () => {
    assert.equal(c.addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(c.addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(c.addDays('2026-03-07', 1), '2026-03-08'); // US clocks spring forward on 8 March 2026
    assert.equal(c.addDays('2026-11-01', 7), '2026-11-08');
    assert.equal(c.addDays('2026-01-10', -7), '2026-01-03');
  });

  it('addDays clamps absurd input to four-digit years instead of throwing', () => {
    assert.equal(c.addDays('2026-01-01', 1e20), '9999-12-31');
    assert.equal(c.addDays('2026-01-01', -1e20), '0000-01-01');
    assert.equal(c.addDays('2026-01-01', Number.NaN), '2026-01-01');
  });

  it('calendarDayOf is the day on the viewer\'s clock, not in UTC', (t) => {
    const saved = process.env.TZ;
    t.after(() => (saved === undefined ? delete process.env.TZ : (process.env.TZ = saved)));
    const evening = new Date('2026-12-03T02:30:00Z'); // 21:30 on 2 December in New York
    process.env.TZ = 'America/New_York';
    assert.equal(c.calendarDayOf(evening), '2026-12-02');
    process.env.TZ = 'Pacific/Kiritimati'; // UTC+14: already 3 December, 16:30
    assert.equal(c.calendarDayOf(evening), '2026-12-03');
    process.env.TZ = 'UTC';
    assert.equal(c.calendarDayOf(evening), '2026-12-03');
  });
});
