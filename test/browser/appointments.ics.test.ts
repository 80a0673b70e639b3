/**
 * The `.ics` file: read back with a small RFC 5545 reader written here (not the code under
 * test), every event's DTSTART/DTEND with its TZID and the file's VTIMEZONE give the very
 * instant the server stores, before, across and after the US spring-forward, in
 * a southern-hemisphere zone, and in a zone without daylight saving.
 */
import { expect } from '@open-wc/testing';
import { toIcs } from '../../src/elements/appointments/ics.js';

/** Unfolds lines (RFC 5545 §3.1). */
function unfold(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
}

/** Minutes of a `-0400` offset. */
const minutes = (value: string) => (value.startsWith('-') ? -1 : 1) * (Number(value.slice(1, 3)) * 60 + Number(value.slice(3, 5)));

/** `20270315T090000` as if UTC, in ms. */
function asUtc(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(value)!;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

/** The instant of a `DTSTART;TZID=…:local` line, resolved through the file's VTIMEZONE observances. */
function instantOf(lines: string[], property: 'DTSTART' | 'DTEND'): { instant: number; tzid: string } {
  const line = lines.find((l) => l.startsWith(`${property};TZID=`))!;
  const [, tzid, value] = /^[A-Z]+;TZID=([^:]+):(.+)$/.exec(line)!;
  const observances: { start: number; to: number }[] = [];
  let inZone = false;
  let current: { start?: string; to?: string } = {};
  for (const l of lines) {
    if (l === 'BEGIN:VTIMEZONE') inZone = true;
    if (l === 'END:VTIMEZONE') inZone = false;
    if (!inZone) continue;
    if (l === 'BEGIN:STANDARD' || l === 'BEGIN:DAYLIGHT') current = {};
    if (l.startsWith('DTSTART:')) current.start = l.slice(8);
    if (l.startsWith('TZOFFSETTO:')) current.to = l.slice(11);
    if ((l === 'END:STANDARD' || l === 'END:DAYLIGHT') && current.start && current.to) {
      observances.push({ start: asUtc(current.start), to: minutes(current.to) });
    }
  }
  const wall = asUtc(value!);
  // the latest observance that started at or before this wall-clock time
  const rule = observances.filter((o) => o.start <= wall).sort((a, b) => b.start - a.start)[0]!;
  return { instant: wall - rule.to * 60_000, tzid: tzid! };
}

const NOW = new Date('2027-03-01T12:00:00Z');
const cases = [
  ['America/New_York', '2027-03-12T09:00:00-05:00', '2027-03-12T09:30:00-05:00', '20270312T090000'],
  ['America/New_York', '2027-03-15T09:00:00-04:00', '2027-03-15T09:30:00-04:00', '20270315T090000'],
  ['America/New_York', '2027-11-08T08:00:00-05:00', '2027-11-08T08:20:00-05:00', '20271108T080000'],
  ['America/Denver', '2027-03-15T09:00:00-06:00', '2027-03-15T09:30:00-06:00', '20270315T090000'],
  ['Australia/Sydney', '2027-04-05T10:00:00+10:00', '2027-04-05T10:30:00+10:00', '20270405T100000'],
  ['America/Phoenix', '2027-03-15T09:00:00-07:00', '2027-03-15T09:30:00-07:00', '20270315T090000'],
] as const;

describe('appointment .ics', () => {
  for (const [zone, start, end, wall] of cases) {
    it(`${zone} ${start}: TZID with the clinic's wall clock, and the VTIMEZONE gives the stored instant`, () => {
      const text = toIcs({ uid: 'appt-1', start, end, timeZone: zone, summary: 'Checkup', location: 'Harbor Clinic, 1 Harbor St', now: NOW });
      expect(text.endsWith('\r\n')).to.equal(true);
      expect(text.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).to.equal(true);
      const lines = unfold(text);
      expect(lines).to.include(`DTSTART;TZID=${zone}:${wall}`);
      const s = instantOf(lines, 'DTSTART');
      const e = instantOf(lines, 'DTEND');
      expect(s.tzid).to.equal(zone);
      expect(s.instant).to.equal(Date.parse(start));
      expect(e.instant).to.equal(Date.parse(end));
      expect(lines).to.include(`TZID:${zone}`);
      expect(lines).to.include('UID:appt-1@ehr-engage');
      expect(lines).to.include('DTSTAMP:20270301T120000Z');
    });
  }

  it('escapes text and folds long lines', () => {
    const text = toIcs({
      uid: 'x',
      start: '2027-03-15T09:00:00-04:00',
      end: '2027-03-15T09:30:00-04:00',
      timeZone: 'America/New_York',
      summary: 'Checkup; bring list, of meds',
      description: `Line one\nLine two ${'é'.repeat(80)}`,
      now: NOW,
    });
    const lines = unfold(text);
    expect(lines).to.include('SUMMARY:Checkup\\; bring list\\, of meds');
    expect(lines.find((l) => l.startsWith('DESCRIPTION:'))).to.equal(`DESCRIPTION:Line one\\nLine two ${'é'.repeat(80)}`);
    expect(text.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).to.equal(true);
  });
});
