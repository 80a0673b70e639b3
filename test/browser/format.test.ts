import { expect } from '@open-wc/testing';
import { demoData, fixture, setTimeZone } from './helpers.js';
import {
  ageOf,
  codedText,
  formatAge,
  formatDate,
  formatName,
  formatQuantity,
  languageName,
  parseDate,
} from '../../src/core/format.js';
import { viewerTimeZone } from '../../src/core/lang.js';
import { formatRelative } from '../../src/core/relative-time.js';
import { toCoded, toName, toQuantity } from '../../src/adapters/fhir/mapping/common.js';

type Json = Record<string, unknown>;

/** Every string value under `key`s whose name suggests a date, with where it came from. */
function collectDates(value: unknown, path: string, out: { path: string; value: string }[]): void {
  if (Array.isArray(value)) value.forEach((item, i) => collectDates(item, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (typeof child === 'string' && /(Date|date|DateTime|start|end|authoredOn|issued|recorded)$/.test(key)) {
        out.push({ path: `${path}.${key}`, value: child });
      } else collectDates(child, `${path}.${key}`, out);
    }
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MESES = ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sept', 'oct', 'nov', 'dic'];

const ZONES = [
  { zone: 'Pacific/Honolulu', offsetMinutes: -600 }, // UTC-10
  { zone: 'UTC', offsetMinutes: 0 },
  { zone: 'Asia/Kolkata', offsetMinutes: 330 }, // UTC+5:30
  { zone: 'Pacific/Kiritimati', offsetMinutes: 840 }, // UTC+14
];

describe('format: FHIR date-only values never shift with the time zone', () => {
  let dateOnly: { path: string; value: string }[] = [];

  before(async () => {
    const sources: [string, unknown][] = [];
    for (const name of [
      'immunization-example.json',
      'immunization-example-historical.json',
      'medicationrequest0301.json',
      'medicationrequest0303.json',
      'document-example-dischargesummary.json',
      'appointment-example.json',
    ]) {
      sources.push([name, await fixture(`fhir-r4/spec-examples/${name}`)]);
    }
    sources.push(['synthea-carla', await demoData('synthea-carla-echevarria-9a628ccd.json')]);
    sources.push(['synthea-buster', await demoData('synthea-buster-hoeger-ad2e3fc5.json')]);
    const all: { path: string; value: string }[] = [];
    for (const [name, json] of sources) collectDates(json, name, all);
    dateOnly = all.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.value));
  });

  after(() => setTimeZone('UTC'));

  it('found date-only values in the fixtures to test with', () => {
    expect(dateOnly.length).to.be.greaterThan(10);
    expect(dateOnly.some((d) => d.path.endsWith('.birthDate'))).to.equal(true);
  });

  for (const { zone, offsetMinutes } of ZONES) {
    it(`renders each calendar date as written in ${zone}`, async () => {
      await setTimeZone(zone);
      // the emulation is really in force: the browser's own offset matches the zone
      expect(-new Date(Date.UTC(2024, 0, 15)).getTimezoneOffset()).to.equal(offsetMinutes);
      for (const { path, value } of dateOnly) {
        const [y, m, d] = value.split('-').map(Number) as [number, number, number];
        expect(formatDate(value, 'en-US'), `${path} (${value})`).to.equal(`${MONTHS[m - 1]} ${d}, ${y}`);
        expect(formatDate(value, 'es'), `${path} (${value}) es`).to.equal(`${d} ${MESES[m - 1]} ${y}`);
      }
      // partial dates keep their precision
      expect(formatDate('1963-03', 'en-US')).to.equal('Mar 1963');
      expect(formatDate('1963', 'en-US')).to.equal('1963');
      // a first-of-year date is where an offset shift is most visible
      expect(formatDate('2000-01-01', 'en-US', { dateStyle: 'long' })).to.equal('January 1, 2000');
    });

    it(`computes ages on calendar days in ${zone}`, async () => {
      await setTimeZone(zone);
      // local calendar day 2024-03-03, 23:30: not yet the birthday
      expect(ageOf('2000-03-04', new Date(2024, 2, 3, 23, 30))).to.deep.equal({ value: 23, unit: 'year' });
      // local calendar day 2024-03-04, 00:30: the birthday
      expect(ageOf('2000-03-04', new Date(2024, 2, 4, 0, 30))).to.deep.equal({ value: 24, unit: 'year' });
    });
  }

  /*
   * A date-time records where the act happened: its calendar date is the one in its own
   * offset (a prescription written at midnight in Paris was written on that day, wherever
   * it is read), and a time shown is that place's, with the zone when it is not the reader's.
   */
  for (const zone of ['Pacific/Honolulu', 'America/New_York', 'UTC', 'Asia/Kolkata', 'Pacific/Kiritimati']) {
    it(`shows a date-time on the calendar date of its own offset, read in ${zone}`, async () => {
      await setTimeZone(zone);
      try {
        expect(formatDate('2020-05-08T00:00:00+02:00', 'en-US')).to.equal('May 8, 2020');
        expect(formatDate('2020-05-08T00:00:00+02:00', 'es')).to.equal('8 may 2020');
        // a Synthea time late in the UTC day stays on its UTC date (not the next day in India)
        expect(formatDate('2019-03-05T23:35:12Z', 'en-US')).to.equal('Mar 5, 2019');
        expect(formatDate('2024-01-01T05:00:00-10:00', 'en-US')).to.equal('Jan 1, 2024');
        // no offset written (C-CDA allows it): the date and time as written
        expect(formatDate('2014-09-09T19:04:00', 'en-US', { withTime: true })).to.equal('Sep 9, 2014, 7:04 PM');
      } finally {
        await setTimeZone('UTC');
      }
    });
  }

  it('shows a time in its own zone, naming the zone when it is not the reader\'s', async () => {
    await setTimeZone('Europe/Paris');
    try {
      // May: Paris is at +02:00, the same offset as the source: no zone needed
      expect(formatDate('2020-05-08T00:00:00+02:00', 'en-US', { withTime: true })).to.equal('May 8, 2020, 12:00 AM');
      expect(formatDate('2019-03-05T23:35:12Z', 'en-US', { withTime: true })).to.equal('Mar 5, 2019, 11:35 PM UTC');
      expect(formatDate('2014-09-09T19:04:00-05:00', 'en-US', { withTime: true })).to.equal('Sep 9, 2014, 7:04 PM UTC−5');
      expect(formatDate('2014-09-09T19:04:00+05:30', 'en-US', { withTime: true })).to.equal('Sep 9, 2014, 7:04 PM UTC+5:30');
      // an explicit zone is still honoured (the moment in that zone)
      expect(formatDate('2024-01-01T05:00:00Z', 'en-US', { timeZone: 'Pacific/Honolulu' })).to.equal('Dec 31, 2023');
    } finally {
      await setTimeZone('UTC');
    }
  });
});

describe('format: values that are not dates', () => {
  it('rejects impossible dates and shows malformed ones as written', () => {
    expect(parseDate('2023-02-29')).to.equal(undefined);
    expect(parseDate('2024-02-29')?.precision).to.equal('day');
    expect(parseDate('2024-13-01')).to.equal(undefined);
    expect(formatDate('last Tuesday', 'en')).to.equal('last Tuesday');
    expect(formatDate(undefined, 'en')).to.equal('');
  });
});

describe('format: ages', () => {
  const now = new Date(2024, 5, 15, 12);
  it('uses days, weeks, months, then years, as pediatric charts do', () => {
    expect(ageOf('2024-06-10', now)).to.deep.equal({ value: 5, unit: 'day' });
    expect(ageOf('2024-04-20', now)).to.deep.equal({ value: 8, unit: 'week' });
    expect(ageOf('2023-01-15', now)).to.deep.equal({ value: 17, unit: 'month' });
    expect(ageOf('1963-03-04', now)).to.deep.equal({ value: 61, unit: 'year' });
    expect(ageOf('2030-01-01', now)).to.equal(undefined);
    expect(ageOf('1950-01-01', now, '1979-05-01T00:00:00Z')?.value).to.equal(29);
  });
  it('words an age in the locale', () => {
    expect(formatAge({ value: 61, unit: 'year' }, 'en')).to.equal('61 years');
    expect(formatAge({ value: 1, unit: 'year' }, 'es')).to.equal('1 año');
    expect(formatAge({ value: 5, unit: 'month' }, 'es')).to.equal('5 meses');
  });
});

describe('format: relative times', () => {
  const now = new Date('2024-06-15T12:00:00Z');
  it('says how long ago, then falls back to the date beyond a week', () => {
    expect(formatRelative('2024-06-15T11:55:00Z', now, 'en')).to.equal('5 minutes ago');
    expect(formatRelative('2024-06-14T12:00:00Z', now, 'en')).to.equal('yesterday');
    expect(formatRelative('2024-06-14T12:00:00Z', now, 'es')).to.equal('ayer');
    expect(formatRelative('2024-05-01T12:00:00Z', now, 'en-US')).to.equal('May 1, 2024');
  });

  describe('on the viewer\'s calendar', () => {
    before(() => setTimeZone('America/New_York'));
    after(() => setTimeZone('UTC'));
    // Monday June 3, 2024, 10:00 in New York; a message sent Friday May 31 at 23:00 there (03:00 UTC Saturday)
    const monday = new Date('2024-06-03T14:00:00Z');

    it('counts calendar days where the viewer is, not elapsed hours rounded', () => {
      expect(new Date('2024-06-01T03:00:00Z').getDate(), 'the zone is applied').to.equal(31);
      expect(formatRelative('2024-06-01T03:00:00Z', monday, 'en')).to.equal('3 days ago');
      expect(formatRelative('2024-06-02T04:00:00Z', monday, 'en')).to.equal('yesterday');
      expect(formatRelative('2024-06-02T23:30:00Z', monday, 'en'), 'under a day: hours').to.equal('14 hours ago');
    });

    it('beyond a week, and with a time, shows the moment on the viewer\'s day', () => {
      // 9 pm in New York on May 1 is 01:00 UTC on May 2
      expect(formatRelative('2024-05-02T01:00:00Z', monday, 'en-US')).to.equal('May 1, 2024');
      expect(formatDate('2024-05-02T01:00:00Z', 'en-US', { withTime: true, timeZone: viewerTimeZone() })).to.equal('May 1, 2024, 9:00 PM');
    });
  });
});

describe('format: names, codes and quantities from real fixtures', () => {
  it('formats Synthea patient names with prefixes and non-ASCII letters', async () => {
    const bundle = await demoData<Json>('synthea-carla-echevarria-9a628ccd.json');
    const patient = (bundle.entry as { resource: Json }[]).find((e) => e.resource.resourceType === 'Patient')!.resource;
    const names = (patient.name as Json[]).map((n) => toName(n));
    const official = names.find((n) => n.use === 'official')!;
    expect(formatName(names)).to.equal([...official.prefix, ...official.given, official.family].join(' '));
    expect(formatName(names)).to.contain('Echevarría');
    expect(formatName(names, 'sortable', 'es')).to.match(/^ECHEVARRÍA\d*, /);
  });

  it('prefers the usual name over an old one and tolerates missing parts', () => {
    const names = [
      toName({ use: 'old', family: 'Smith', given: ['Jane'] }),
      toName({ use: 'usual', family: 'Jones', given: ['Jane', 'Q'] }),
    ];
    expect(formatName(names)).to.equal('Jane Q Jones');
    expect(formatName(toName({ given: ['Cher'] }), 'sortable')).to.equal('Cher');
    expect(formatName(toName({ text: 'Dr. Adam Careful' }))).to.equal('Dr. Adam Careful');
    expect(formatName([])).to.equal('');
    expect(formatName(toName(undefined))).to.equal('');
  });

  it('reads CodeableConcepts: text, then display, then code', async () => {
    const immunization = await fixture<Json>('fhir-r4/spec-examples/immunization-example.json');
    const vaccine = toCoded(immunization.vaccineCode as Json);
    expect(codedText(vaccine)).to.equal((immunization.vaccineCode as { text: string }).text);
    expect(codedText(toCoded({ coding: [{ system: 'http://loinc.org', code: '1234-5' }] }))).to.equal('1234-5');
    expect(codedText(toCoded({ coding: [{ code: 'x', display: 'Shown' }] }))).to.equal('Shown');
    expect(codedText(toCoded(null), 'unknown')).to.equal('unknown');
  });

  it('formats quantities with locale decimals and readable UCUM units', async () => {
    const bundle = await demoData<Json>('synthea-buster-hoeger-ad2e3fc5.json');
    const observations = (bundle.entry as { resource: Json }[])
      .map((e) => e.resource)
      .filter((r) => r.resourceType === 'Observation' && r.valueQuantity);
    expect(observations.length).to.be.greaterThan(5);
    for (const observation of observations) {
      const raw = observation.valueQuantity as { value: number; unit?: string; code?: string };
      const text = formatQuantity(toQuantity(raw), 'en-US');
      const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 }).format(raw.value);
      expect(text.startsWith(number), `${text} starts with ${number}`).to.equal(true);
    }
    expect(formatQuantity({ value: 1.8, unit: 'kg/m2' }, 'es')).to.equal('1,8 kg/m²');
    expect(formatQuantity({ value: 120, unit: 'mm[Hg]' }, 'en')).to.equal('120 mmHg');
    expect(formatQuantity({ value: 5, comparator: '<', unit: 'mg/dL' }, 'en')).to.equal('< 5 mg/dL');
    expect(formatQuantity({ value: 5.1, decimals: 2, unit: 'mmol/L' }, 'en')).to.equal('5.10 mmol/L');
    expect(formatQuantity({ value: 37.2, code: 'Cel' }, 'en')).to.equal('37.2°C');
    expect(formatQuantity({ value: 12, unit: '{score}' }, 'en')).to.equal('12 score');
    expect(formatQuantity(undefined, 'en')).to.equal('');
  });

  it('names languages in the reader’s language', () => {
    const spanish = toCoded({ coding: [{ system: 'urn:ietf:bcp:47', code: 'es' }], text: 'Spanish' });
    expect(languageName(spanish, 'en')).to.equal('Spanish');
    expect(languageName(spanish, 'es')).to.equal('español');
    expect(languageName(toCoded({ text: 'Klingon' }), 'en')).to.equal('Klingon');
  });
});
