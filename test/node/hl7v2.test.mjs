// The HL7 v2 parser and the IIS query-response reader (src/adapters/hl7v2/), over the
// messages in test/fixtures/hl7v2 (written from the structure in CDC's HL7 2.5.1 IG for
// Immunization Messaging, see test/fixtures/README.md). Expected values are read from the
// message text in the test with plain string splits, never through the code under test.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { seededRandom } from '../../demo/server/seeded-random.mjs';
import { importTs } from './ts-bundle.mjs';

const DIR = 'test/fixtures/hl7v2';
const read = (file) => readFileSync(`${DIR}/${file}`, 'utf8');
/** The message's segments as arrays of raw fields (pipe split, no decoding). */
const rawSegments = (text) => text.split(/\r\n|\r|\n/).filter(Boolean).map((line) => line.split('|'));
const ymd = (dtm) => `${dtm.slice(0, 4)}-${dtm.slice(4, 6)}-${dtm.slice(6, 8)}`;

let h;
before(async () => {
  h = await importTs(['src/adapters/hl7v2/index.ts']);
});

describe('parseHl7Message', () => {
  it('segments, fields, components, subcomponents and ~ repetitions, numbered as HL7 numbers them', () => {
    const text = read('z42-evaluated-history-forecast.hl7');
    const message = h.parseHl7Message(text);
    const raw = rawSegments(text);
    assert.deepEqual(message.segments.map((s) => s.name), raw.map((r) => r[0]));
    const msh = message.segments[0];
    assert.equal(msh.get(1), '|');
    assert.equal(msh.get(2), '^~\\&');
    assert.equal(msh.get(9, 1), 'RSP');
    assert.equal(msh.get(9, 2), 'K11');
    assert.equal(msh.get(12), raw[0][11]);
    const pid = message.segments.find((s) => s.name === 'PID');
    const pidRaw = raw.find((r) => r[0] === 'PID');
    const ids = pidRaw[3].split('~');
    assert.equal(pid.repetitions(3).length, ids.length);
    assert.equal(pid.get(3, 1, 1), ids[1].split('^')[0]);
    assert.equal(pid.get(3, 5, 1), ids[1].split('^')[4]);
    assert.equal(pid.get(5, 2), pidRaw[5].split('^')[1]);
    assert.equal(pid.get(99), undefined);
  });

  it('escape sequences \\F\\ \\S\\ \\T\\ \\R\\ \\E\\ \\.br\\ and \\X..\\ decode after splitting', () => {
    const message = h.parseHl7Message('MSH|^~\\&|A|B|C|D|20260101||RSP^K11|1|P|2.5.1\rNTE|1||a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f\\.br\\g\\X41\\h\\H\\bold\\N\\^second~rep2\r');
    const nte = message.segments[1];
    assert.equal(nte.get(3, 1), 'a|b^c&d~e\\f\ngAhbold');
    assert.equal(nte.get(3, 2), 'second');
    assert.equal(nte.get(3, 1, 1), 'rep2');
    assert.equal(h.unescapeHl7('lone \\ escape', message.delimiters), 'lone \\ escape');
  });

  it('custom delimiters from MSH-1 / MSH-2 and CRLF endings read as the standard ones do', () => {
    const standard = h.parseHl7Message(read('z32-complete-history-cr.hl7'));
    const custom = h.parseHl7Message(read('z32-custom-delimiters-crlf.hl7'));
    assert.deepEqual(custom.delimiters, { field: '!', component: '$', repetition: '*', escape: '@', subcomponent: '%' });
    assert.deepEqual(
      custom.segments.slice(1).map((s) => s.fields),
      standard.segments.slice(1).map((s) => s.fields),
    );
    assert.deepEqual(h.iisResponseToRecord(read('z32-custom-delimiters-crlf.hl7')).record, h.iisResponseToRecord(read('z32-complete-history-cr.hl7')).record);
  });

  it('no MSH, unusable delimiters or a segment without a name → invalid EngageError naming the problem', () => {
    const invalid = (text, pattern) =>
      assert.throws(() => h.parseHl7Message(text), (e) => e.name === 'EngageError' && e.code === 'invalid' && pattern.test(e.message));
    invalid(read('malformed-no-msh.hl7'), /no MSH segment/);
    invalid('', /no MSH segment/);
    invalid('MSH|^^\\&|A', /delimiters/);
    invalid('MSH|^~\\&|A\rP|1', /segment 2 .*truncated or corrupt/);
  });
});

describe('iisResponseToRecord: Z42 evaluated history and forecast', () => {
  const text = () => read('z42-evaluated-history-forecast.hl7');
  const raw = () => rawSegments(text());
  /** Each RXA line with the ORC-3 before it. */
  const rxas = () => {
    const out = [];
    let orc;
    for (const r of raw()) {
      if (r[0] === 'ORC') orc = r[3];
      if (r[0] === 'RXA') out.push({ id: orc, f: r });
    }
    return out;
  };

  it('PID: name, date of birth, sex and identifiers; lookup found; source registry', () => {
    const { record } = h.iisResponseToRecord(text(), { ref: 'Patient/ava', sourceName: 'State IIS' });
    const pid = raw().find((r) => r[0] === 'PID');
    const [family, given, middle] = pid[5].split('^');
    assert.equal(record.patient.ref, 'Patient/ava');
    assert.equal(record.patient.name, `${given} ${middle} ${family}`);
    assert.equal(record.patient.birthDate, ymd(pid[7]));
    assert.equal(record.patient.gender, { F: 'female', M: 'male' }[pid[8]]);
    assert.deepEqual(record.patient.identifiers.map((i) => i.value), pid[3].split('~').map((x) => x.split('^')[0]));
    assert.deepEqual(record.patient.identifiers.map((i) => i.typeCode), pid[3].split('~').map((x) => x.split('^')[4]));
    assert.equal(record.lookup, 'found');
    assert.equal(record.sourceName, 'State IIS');
    assert.ok(record.vaccinations.every((v) => v.source === 'registry'));
    assert.equal(record.retrievedAt, '2026-11-20T10:15:00-06:00'); // MSH-7 20261120101500-0600
  });

  it('RXA: one vaccination per RXA except action D (deleted) and CVX 998; date, vaccine, completion status', () => {
    const { record } = h.iisResponseToRecord(text());
    const expected = rxas().filter(({ f }) => f[21] !== 'D' && f[5].split('^')[0] !== '998');
    assert.equal(record.vaccinations.length, expected.length);
    assert.equal(expected.length, rxas().length - 2);
    for (const { id, f } of expected) {
      const v = record.vaccinations.find((x) => x.id === id.split('^')[0]);
      assert.ok(v, id);
      const [code, name, system] = f[5].split('^');
      assert.equal(v.date, ymd(f[3]));
      assert.equal(v.vaccine.codings[0].code, code);
      assert.equal(v.vaccine.codings[0].system, system);
      assert.equal(v.vaccine.text, name);
      assert.equal(v.cvx, system === 'CVX' ? code : undefined);
      assert.equal(v.status, ['RE', 'NA'].includes(f[20]) ? 'not-given' : 'given');
      assert.equal(v.partial, f[20] === 'PA' ? true : undefined);
      assert.equal(v.subpotentReason?.codings[0].code, f[20] === 'PA' ? 'partial' : undefined);
      assert.equal(v.refused, f[20] === 'RE' ? true : undefined);
    }
    assert.equal(record.vaccinations.find((v) => v.vaccine.codings[0].system === 'NDC').cvx, undefined);
  });

  it('refusal reason (RXA-18), contraindication (OBX 30945-0), performer, place (with \\T\\), lot, manufacturer, route and site', () => {
    const { record } = h.iisResponseToRecord(text());
    const byId = (id) => record.vaccinations.find((v) => v.id === id);
    const line = (id) => rxas().find((r) => r.id.startsWith(id)).f;
    const refused = byId('IIS-9004');
    assert.equal(refused.notGivenReason.codings[0].code, line('IIS-9004')[18].split('^')[0]);
    assert.equal(refused.notGivenReason.codings[0].system, 'NIP002');
    const contraindicated = byId('IIS-9005');
    assert.equal(contraindicated.refused, undefined);
    assert.equal(contraindicated.notGivenReason.codings[0].code, '39');
    const dtap = byId('IIS-9003');
    const f = line('IIS-9003');
    assert.equal(dtap.performer, `${f[10].split('^')[2]} ${f[10].split('^')[1]}`);
    assert.equal(dtap.location, f[11].split('^')[3].replace('\\T\\', '&'));
    assert.ok(dtap.location.includes('&'));
    assert.equal(dtap.lotNumber, f[15]);
    assert.equal(dtap.mvx, f[17].split('^')[0]);
    assert.equal(dtap.manufacturer, f[17].split('^')[1]);
    const rxr = rawSegments(text()).find((r, i, all) => r[0] === 'RXR' && all[i - 1][5]?.startsWith('20^'));
    assert.equal(dtap.route.codings[0].code, rxr[1].split('^')[0]);
    assert.equal(dtap.site.codings[0].code, rxr[2].split('^')[0]);
    assert.equal(dtap.doseNumber, '1');
    assert.equal(byId('IIS-9001').location, line('IIS-9001')[11].split('^')[3]);
  });

  it('evaluation OBX groups → dose evaluations: vaccine group, validity, reason, dose number', () => {
    const { forecast } = h.iisResponseToRecord(text());
    const validities = raw().filter((r) => r[0] === 'OBX' && r[3].startsWith('59781-5'));
    assert.equal(forecast.evaluations.length, validities.length);
    assert.deepEqual(
      forecast.evaluations.map((e) => [e.vaccinationId, e.vaccineGroup, e.valid, e.reason, e.doseNumber]),
      [
        ['IIS-9001', 'HepB', true, undefined, 1],
        ['IIS-9002', 'HepB', false, 'Interval: Too Soon', undefined],
        ['IIS-9003', 'DTaP/Tdap/Td', true, undefined, 1],
      ],
    );
  });

  it('forecast OBX groups → one line per 30979-9: dates, dose, schedule, series status, as of MSH-7', () => {
    const { forecast } = h.iisResponseToRecord(text());
    assert.equal(forecast.source, 'registry');
    assert.equal(forecast.asOf, '2026-11-20');
    assert.equal(forecast.madeAt, '2026-11-20T10:15:00-06:00');
    const obx = raw().filter((r) => r[0] === 'OBX');
    const due = obx.filter((r) => r[3].startsWith('30979-9'));
    assert.equal(forecast.groups.length, due.length);
    const value = (sub, loinc) => obx.find((r) => r[4] === sub && r[3].startsWith(loinc))?.[5];
    for (const [i, line] of forecast.groups.entries()) {
      const sub = due[i][4];
      for (const [loinc, field] of [['30980-7', 'recommendedDate'], ['30981-5', 'earliestDate'], ['59777-3', 'latestDate'], ['59778-1', 'pastDueDate']]) {
        const v = value(sub, loinc);
        assert.equal(line[field], v ? ymd(v) : undefined, `${line.vaccineGroup} ${field}`);
      }
      const dose = value(sub, '30973-2');
      assert.equal(line.doseNumber, dose ? Number(dose) : undefined);
      assert.equal(line.vaccine.codings[0].code, due[i][5].split('^')[0]);
    }
    assert.deepEqual(
      forecast.groups.map((g) => [g.vaccineGroup, g.status, g.sourceStatus]),
      [
        ['DTaP/Tdap/Td', 'overdue', 'Overdue'],
        ['HepA', 'due-later', 'On schedule'], // due 2027-03-03, after the 2026-11-20 answer
        ['Influenza', 'due-now', undefined], // no series status: due 2026-10-01 has passed
        ['MMR', 'contraindicated', 'Contraindicated'],
        ['HepB', 'due-now', undefined], // no series status, no past-due date: the due date passed
      ],
    );
    assert.equal(forecast.groups[0].series, 'ACIP'); // 59779-9 sent in its own group applies to all
    assert.equal(forecast.groups[3].reason, 'Parent refused; counsel at next visit');
    assert.equal(forecast.groups[4].series, 'HepB 3-dose series'); // 59780-7
  });

  it('asOf given by the caller decides due-now / due-later', () => {
    const { forecast } = h.iisResponseToRecord(text(), { asOf: '2027-03-10' });
    assert.equal(forecast.groups.find((g) => g.vaccineGroup === 'HepA').status, 'due-now');
  });

  it('no MSH-7 and no asOf: the forecast is as of the viewer\'s calendar day, not UTC\'s', (t) => {
    // a zone where, at this moment, the local day is not the UTC day (east of UTC late in the
    // UTC day, west of it early), so a UTC "today" would be a day off whenever the test runs
    const zone = new Date().getUTCHours() >= 12 ? 'Pacific/Kiritimati' : 'Pacific/Pago_Pago';
    const saved = process.env.TZ;
    process.env.TZ = zone;
    t.after(() => (saved === undefined ? delete process.env.TZ : (process.env.TZ = saved)));
    const localDay = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    assert.notEqual(localDay, new Date().toISOString().slice(0, 10)); // the case this test is for
    const lines = text().split(/\r\n|\r|\n/);
    lines[0] = lines[0].split('|').map((field, i) => (i === 6 ? '' : field)).join('|'); // MSH-7 is the 7th field counting MSH-1 as the separator
    const { forecast } = h.iisResponseToRecord(lines.join('\r'));
    assert.equal(forecast.madeAt, undefined);
    assert.equal(forecast.asOf, localDay);
  });

  it('missing optional segments (no QPD, NK1, RXR) read the same record', () => {
    const full = h.iisResponseToRecord(text()).record;
    const sparse = h.iisResponseToRecord(read('z42-missing-optional-segments.hl7')).record;
    assert.deepEqual(sparse.vaccinations.map((v) => v.id), full.vaccinations.map((v) => v.id));
    assert.equal(sparse.vaccinations.find((v) => v.id === 'IIS-9003').route, undefined);
  });
});

describe('iisResponseToRecord: Z32, NF, TM and malformed input', () => {
  it('Z32: history without a forecast; a date-time with offset kept, a name chosen by type L, lots repeated', () => {
    const text = read('z32-complete-history-cr.hl7');
    const result = h.iisResponseToRecord(text);
    assert.equal(result.forecast, undefined);
    const rxa = rawSegments(text).filter((r) => r[0] === 'RXA');
    assert.equal(result.record.vaccinations.length, rxa.length);
    assert.equal(result.record.vaccinations[1].date, '2024-10-01T14:15:00-05:00'); // 202410011415-0500
    assert.equal(result.record.vaccinations[1].lotNumber, rxa[1][15].split('~').join(', '));
    assert.equal(result.record.patient.name, 'Bao Nguy\u1ec5n'); // the L name, \XE1BB85\ (UTF-8 of ễ) decoded
    assert.equal(result.record.patient.ref, 'Patient/IIS-112233');
  });

  it('QAK-2 NF → lookup not-found; TM → too-many; neither throws', () => {
    const nf = h.iisResponseToRecord(read('z33-not-found.hl7'), { ref: 'Patient/p1' });
    assert.deepEqual([nf.record.lookup, nf.record.vaccinations.length, nf.forecast, nf.record.patient.ref], ['not-found', 0, undefined, 'Patient/p1']);
    const tm = h.iisResponseToRecord(read('z33-too-many.hl7'));
    assert.deepEqual([tm.record.lookup, tm.record.vaccinations.length], ['too-many', 0]);
  });

  it('malformed: no MSH, wrong version, not RSP, truncated → invalid EngageError that names the problem', () => {
    const cases = [
      ['malformed-no-msh.hl7', /no MSH segment/],
      ['malformed-wrong-version.hl7', /version 2\.3\.1 .*2\.5\.1 is expected/],
      ['malformed-not-rsp.hl7', /VXU\^V04, not an RSP\^K11/],
      ['malformed-truncated.hl7', /no date \(RXA-3\) or no vaccine \(RXA-5\).*truncated/],
      ['malformed-truncated-after-orc.hl7', /ORC segment has no RXA.*truncated/],
    ];
    for (const [file, pattern] of cases) {
      assert.throws(
        () => h.iisResponseToRecord(read(file)),
        (e) => e.name === 'EngageError' && e.code === 'invalid' && pattern.test(e.message),
        file,
      );
    }
    assert.throws(() => h.iisResponseToRecord(read('z33-not-found.hl7').replace('|NF|', '|AE|')), (e) => e.code === 'invalid' && /QAK-2 AE/.test(e.message));
    assert.throws(() => h.iisResponseToRecord(read('z32-complete-history-cr.hl7').split('\r').filter((l) => !l.startsWith('QAK')).join('\r')), /no QAK segment/);
  });

  it('hl7Date: dates by precision, offsets kept, impossible dates absent', () => {
    assert.equal(h.hl7Date('20230415'), '2023-04-15');
    assert.equal(h.hl7Date('202304'), '2023-04');
    assert.equal(h.hl7Date('20230415103000'), '2023-04-15'); // no zone: the calendar day
    assert.equal(h.hl7Date('202304151030+1400'), '2023-04-15T10:30:00+14:00');
    assert.equal(h.hl7Date('20230230'), undefined);
    assert.equal(h.hl7Date('2023-04-15'), undefined);
  });
});

describe('createRegistryImmunizationPort', () => {
  it('one registry answer serves getRecord and the next getForecast; NF is a state; errors are EngageErrors', async () => {
    const asked = [];
    const answers = { 'Patient/ava': read('z42-evaluated-history-forecast.hl7'), 'Patient/nobody': read('z33-not-found.hl7') };
    const port = h.createRegistryImmunizationPort({
      sourceName: 'State IIS',
      query: async (patient) => {
        asked.push(patient);
        if (!answers[patient]) throw new Error('relay down');
        return answers[patient];
      },
    });
    const record = await port.getRecord('Patient/ava');
    const forecast = await port.getForecast('Patient/ava', '2026-11-20');
    assert.deepEqual(asked, ['Patient/ava']);
    assert.equal(record.sourceName, 'State IIS');
    assert.equal(forecast.groups.length, 5);
    await port.getForecast('Patient/ava', '2026-11-20');
    assert.deepEqual(asked, ['Patient/ava', 'Patient/ava']);
    const nobody = await port.getRecord('Patient/nobody');
    assert.equal(nobody.lookup, 'not-found');
    assert.equal(await port.getForecast('Patient/nobody', '2026-11-20'), undefined);
    await assert.rejects(port.getRecord('Patient/else'), (e) => e.name === 'EngageError' && e.code === 'server');
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(port.getRecord('Patient/ava', { signal: controller.signal }), (e) => e.code === 'aborted');
  });
});

describe('mutated registry messages', () => {
  const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
  const COUNT = 3000;

  it(`${COUNT} seeded mutations of every sample: a result or an EngageError, never anything else`, () => {
    const random = seededRandom(SEED);
    const samples = ['z42-evaluated-history-forecast.hl7', 'z32-complete-history-cr.hl7', 'z32-custom-delimiters-crlf.hl7', 'z33-not-found.hl7', 'z33-too-many.hl7'].map(read);
    const pick = (s) => Math.floor(random() * s.length);
    const noise = ['|', '^', '~', '\\', '&', '\r', '\n', '\\X\\', '\\XZZ\\', '\\F', 'MSH|', 'RXA|', 'OBX|1|CE|30979-9^x^LN|', '', '\u0000', '\uD800', '999999999999'];
    const mutations = [
      (s) => s.slice(0, pick(s)), // truncate
      (s) => { const i = pick(s); return s.slice(0, i) + s.slice(i + 1 + Math.floor(random() * 20)); }, // delete a run
      (s) => { const i = pick(s); return s.slice(0, i) + noise[Math.floor(random() * noise.length)] + s.slice(i); }, // insert a delimiter or junk
      (s) => { const lines = s.split(/\r\n|\r|\n/); const i = 1 + Math.floor(random() * (lines.length - 1)); lines.splice(i, 1); return lines.join('\r'); }, // drop a segment
      (s) => { const lines = s.split(/\r\n|\r|\n/); const i = Math.floor(random() * lines.length); lines.splice(i, 0, lines[Math.floor(random() * lines.length)]); return lines.join('\n'); }, // repeat a segment
    ];
    let results = 0;
    let refused = 0;
    const crashes = [];
    for (let i = 0; i < COUNT; i++) {
      let text = samples[i % samples.length];
      for (let n = 1 + Math.floor(random() * 3); n > 0; n--) text = mutations[Math.floor(random() * mutations.length)](text);
      try {
        const { record, forecast } = h.iisResponseToRecord(text, { asOf: '2026-11-20' });
        assert.ok(Array.isArray(record.vaccinations) && (forecast === undefined || Array.isArray(forecast.groups)));
        results++;
      } catch (error) {
        if (error?.name === 'EngageError' && error.code === 'invalid') refused++;
        else crashes.push(`iteration ${i} (seed ${SEED}): ${error?.stack ?? error}`);
      }
    }
    console.log(`hl7v2 fuzz (seed ${SEED}): ${COUNT} mutated messages, ${results} read, ${refused} refused as invalid, ${crashes.length} crashes`);
    assert.deepEqual(crashes.slice(0, 3), []);
    assert.ok(results > 0 && refused > 0, 'the mutations reach both outcomes');
  });
});
