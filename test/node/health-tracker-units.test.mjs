// The health tracker's non-DOM parts: unit conversion checked against the UCUM definitions
// (through @lhncbc/ucum-lhc, the UCUM library that fhirpath bundles, used here only as an
// independent oracle), the safety thresholds, and the FHIR mapping of readings and goals
// checked against Synthea Observations (counts read from the source JSON, not the code).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { before, describe, it } from 'node:test';
import { importTs } from './ts-bundle.mjs';

const require = createRequire(import.meta.url);
const ucum = require('@lhncbc/ucum-lhc').UcumLhcUtils.getInstance();
const ucumConvert = (value, from, to, molecularWeight) => {
  const result = ucum.convertUnitTo(from, value, to, molecularWeight ? { molecularWeight } : undefined);
  assert.equal(result.status, 'succeeded', `${from} -> ${to}: ${result.msg}`);
  return result.toVal;
};
const close = (actual, expected, what) => assert.ok(Math.abs(actual - expected) < 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);

let m;
before(async () => {
  m = await importTs([
    'src/elements/health-tracker/units.ts',
    'src/elements/health-tracker/safety.ts',
    'src/adapters/fhir/mapping/health-tracker.ts',
    'src/adapters/ports/health-tracker.ts',
    'src/elements/health-tracker/csv-import.ts',
    'src/elements/health-tracker/reading-entry.ts',
  ]);
});

describe('unit conversion against UCUM', () => {
  it('pounds and kilograms', () => {
    for (const lb of [0.5, 1, 7.25, 150, 212.4, 600]) {
      close(m.convertUnit(lb, '[lb_av]', 'kg'), ucumConvert(lb, '[lb_av]', 'kg'), `${lb} lb`);
      close(m.convertUnit(lb, 'kg', '[lb_av]'), ucumConvert(lb, 'kg', '[lb_av]'), `${lb} kg`);
    }
  });

  it('glucose mg/dL and mmol/L with the molar mass 180.156 g/mol', () => {
    for (const mgdl of [40, 54, 70, 100, 126, 180, 400]) {
      close(m.convertUnit(mgdl, 'mg/dL', 'mmol/L'), ucumConvert(mgdl, 'mg/dL', 'mmol/L', 180.156), `${mgdl} mg/dL`);
    }
    for (const mmol of [2.9, 3.0, 5.5, 7.0, 11.1, 22.2]) {
      close(m.convertUnit(mmol, 'mmol/L', 'mg/dL'), ucumConvert(mmol, 'mmol/L', 'mg/dL', 180.156), `${mmol} mmol/L`);
    }
  });

  it('Fahrenheit and Celsius', () => {
    for (const f of [95, 98.6, 100.4, 104]) close(m.convertUnit(f, '[degF]', 'Cel'), ucumConvert(f, '[degF]', 'Cel'), `${f} °F`);
  });

  it('same unit is unchanged; an unknown pair is refused, not guessed', () => {
    assert.equal(m.convertUnit(120, 'mm[Hg]', 'mm[Hg]'), 120);
    assert.equal(m.convertUnit(120, 'mm[Hg]', 'kg'), undefined);
    assert.equal(m.convertUnit(5, 'mmol/L', 'kg'), undefined);
  });

  it('units as people write them', () => {
    assert.equal(m.unitFromText(' LBS '), '[lb_av]');
    assert.equal(m.unitFromText('mg/dl'), 'mg/dL');
    assert.equal(m.unitFromText('mmol/l'), 'mmol/L');
    assert.equal(m.unitFromText('mmHg'), 'mm[Hg]');
    assert.equal(m.unitFromText('furlongs'), undefined);
  });

  it('rounding keeps the stored decimals without binary noise', () => {
    assert.equal(m.roundTo(m.convertUnit(150, '[lb_av]', 'kg'), 2), 68.04);
    assert.equal(m.roundTo(1.005, 2), 1.01);
  });
});

describe('safety thresholds', () => {
  const bp = (sys, dia) => ({ code: { code: '85354-9' }, values: [{ code: '8480-6', quantity: { value: sys, code: 'mm[Hg]' } }, { code: '8462-4', quantity: { value: dia, code: 'mm[Hg]' } }] });
  const glucose = (v) => ({ code: { code: '2339-0' }, values: [{ code: '2339-0', quantity: { value: v, code: 'mg/dL' } }] });
  const ids = (reading) => m.dangerousRules(reading, m.DEFAULT_SAFETY_RULES).map((r) => r.id);

  it('AHA hypertensive crisis: 180 systolic or 120 diastolic and above', () => {
    assert.deepEqual(ids(bp(179, 119)), []);
    assert.deepEqual(ids(bp(180, 80)), ['bp-systolic-crisis']);
    assert.deepEqual(ids(bp(150, 120)), ['bp-diastolic-crisis']);
  });

  it('ADA level-2 hypoglycemia: below 54 mg/dL', () => {
    assert.deepEqual(ids(glucose(54)), []);
    assert.deepEqual(ids(glucose(53)), ['glucose-level-2-low']);
  });

  it('a host replaces the rules with its own data', () => {
    const mine = [{ id: 'sys-160', code: '8480-6', comparator: '>', value: 160, unit: 'mm[Hg]', direction: 'high', action: 'recheck-then-call', source: 'clinic protocol' }];
    assert.deepEqual(m.dangerousRules(bp(165, 70), mine).map((r) => r.id), ['sys-160']);
    assert.deepEqual(m.dangerousRules(bp(165, 70), []), []);
  });

  it('a rule applies only to values in its unit', () => {
    const mmol = { code: { code: '2339-0' }, values: [{ code: '2339-0', quantity: { value: 2.5, code: 'mmol/L' } }] };
    assert.deepEqual(ids(mmol), []);
  });
});

describe('FHIR mapping of readings and goals', () => {
  const resources = (file) => JSON.parse(readFileSync(file, 'utf8')).entry.map((e) => e.resource);
  const hasCode = (r, codes) => (r.code?.coding ?? []).some((c) => codes.includes(c.code));

  it('every Synthea blood pressure, weight and glucose Observation maps, as clinic-measured', () => {
    for (const name of ['vito-feeney-63dd4423', 'dennis-durgan-78f005f3']) {
      const all = resources(`demo/data/synthea-${name}.json`).filter((r) => r.resourceType === 'Observation');
      for (const [typeId, codes] of [['blood-pressure', ['85354-9', '55284-4']], ['weight', ['29463-7']], ['glucose', ['2339-0']]]) {
        const source = all.filter((r) => hasCode(r, codes));
        const mapped = source.map((r) => m.observationToReading(r)).filter(Boolean);
        assert.equal(mapped.length, source.length, `${name} ${typeId}`);
        for (const [i, reading] of mapped.entries()) {
          assert.equal(reading.typeId, typeId);
          assert.equal(reading.source, 'clinic');
          assert.equal(reading.effective, source[i].effectiveDateTime);
        }
      }
      const bp = all.find((r) => hasCode(r, ['55284-4']));
      if (bp) {
        const reading = m.observationToReading(bp);
        const sys = bp.component.find((c) => c.code.coding[0].code === '8480-6').valueQuantity.value;
        assert.deepEqual(reading.values.map((v) => v.code), ['8480-6', '8462-4'], 'systolic first, whatever the source order');
        assert.equal(reading.values[0].quantity.value, sys);
      }
    }
  });

  it('a patient-reported blood pressure is the 85354-9 panel with UCUM components, a performer and the tag, and maps back', () => {
    const type = m.DEFAULT_READING_TYPES.find((t) => t.id === 'blood-pressure');
    const reading = {
      typeId: 'blood-pressure',
      code: { system: 'http://loinc.org', code: '85354-9' },
      patient: 'Patient/p1',
      performer: 'RelatedPerson/r1',
      effective: '2024-06-15T08:30:00-04:00',
      values: [
        { code: '8480-6', quantity: { value: 182, unit: 'mm[Hg]', code: 'mm[Hg]' } },
        { code: '8462-4', quantity: { value: 95, unit: 'mm[Hg]', code: 'mm[Hg]' } },
      ],
      source: 'patient',
    };
    const o = m.readingToObservation(reading, type, 'key-1');
    assert.equal(o.code.coding[0].code, '85354-9');
    assert.equal(o.valueQuantity, undefined);
    assert.deepEqual(o.component.map((c) => [c.code.coding[0].code, c.valueQuantity.value, c.valueQuantity.system, c.valueQuantity.code]), [
      ['8480-6', 182, 'http://unitsofmeasure.org', 'mm[Hg]'],
      ['8462-4', 95, 'http://unitsofmeasure.org', 'mm[Hg]'],
    ]);
    assert.equal(o.category[0].coding[0].code, 'vital-signs');
    assert.deepEqual(o.performer, [{ reference: 'RelatedPerson/r1' }]);
    assert.equal(o.meta.tag[0].code, 'patient-reported');
    const back = m.observationToReading({ ...o, id: 'o1' });
    assert.equal(back.source, 'patient');
    assert.deepEqual(back.values, reading.values.map((v) => ({ ...v, quantity: { ...v.quantity, system: 'http://unitsofmeasure.org' } })));
  });

  it('glucose keeps its meal context; a performer alone marks patient-reported', () => {
    const type = m.DEFAULT_READING_TYPES.find((t) => t.id === 'glucose');
    const o = m.readingToObservation(
      { typeId: 'glucose', code: { code: '2339-0' }, patient: 'Patient/p1', effective: '2024-06-15', values: [{ code: '2339-0', quantity: { value: 50, code: 'mg/dL', unit: 'mg/dL' } }], mealContext: 'before-meal', source: 'patient' },
      type,
      'k',
    );
    const coding = o.extension[0].valueCodeableConcept.coding;
    assert.deepEqual(coding.map((c) => c.code), ['before-meal', 'AC']);
    delete o.meta;
    o.performer = [{ reference: 'Patient/p1' }];
    const back = m.observationToReading(o);
    assert.equal(back.mealContext, 'before-meal');
    assert.equal(back.source, 'patient');
    assert.equal(back.effective, '2024-06-15', 'a date stays a date');
  });

  it('entered-in-error readings and readings without a value are left out', () => {
    const base = { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] }, effectiveDateTime: '2024-01-01', valueQuantity: { value: 80, code: 'kg' } };
    assert.ok(m.observationToReading(base));
    assert.equal(m.observationToReading({ ...base, status: 'entered-in-error' }), undefined);
    assert.equal(m.observationToReading({ ...base, valueQuantity: { value: '80' } }), undefined);
  });

  it('goal targets: a range, or a quantity with a comparator', () => {
    const goal = m.goalFromFhir({
      resourceType: 'Goal',
      id: 'g1',
      lifecycleStatus: 'active',
      description: { text: 'Systolic below 130' },
      target: [
        { measure: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, detailQuantity: { value: 130, comparator: '<', code: 'mm[Hg]' } },
        { measure: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] }, detailRange: { low: { value: 70, code: 'kg' }, high: { value: 80, code: 'kg' } } },
        { detailQuantity: { value: 1 } },
      ],
    });
    assert.equal(goal.targets.length, 2);
    assert.equal(goal.targets[0].high.value, 130);
    assert.equal(goal.targets[0].low, undefined);
    assert.deepEqual([goal.targets[1].low.value, goal.targets[1].high.value], [70, 80]);
    assert.equal(m.goalFromFhir({ resourceType: 'Goal', lifecycleStatus: 'cancelled' }), undefined);
  });

  it('Synthea goals without targets map with their description', () => {
    const goals = resources('demo/data/synthea-vito-feeney-63dd4423.json').filter((r) => r.resourceType === 'Goal');
    const mapped = goals.map((g) => m.goalFromFhir(g)).filter(Boolean);
    assert.equal(mapped.length, goals.filter((g) => !['cancelled', 'entered-in-error', 'rejected'].includes(g.lifecycleStatus)).length);
    assert.deepEqual(mapped.map((g) => g.description), goals.map((g) => g.description.text));
  });
});

describe('CSV parsing and row keys', () => {
  it('RFC 4180: quoted commas, doubled quotes, line breaks inside quotes, CRLF, blank lines', () => {
    const rows = m.parseCsv('a,"b,c","say ""hi"""\r\n\r\n"two\nlines",x,\n');
    assert.deepEqual(rows, [
      { line: 1, fields: ['a', 'b,c', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'x', ''] },
    ]);
  });

  it('the same row content gives the same key; another patient or value gives another', () => {
    const types = m.DEFAULT_READING_TYPES;
    const now = new Date(2024, 5, 15, 12);
    const key = (text, patient = 'Patient/a') => m.importRows(text, types, patient, undefined, now)[0].key;
    assert.equal(key('2024-06-01,weight,150,lb'), key('2024-06-01 , Weight , 150 , lbs'));
    assert.notEqual(key('2024-06-01,weight,150,lb'), key('2024-06-01,weight,150,lb', 'Patient/b'));
    assert.notEqual(key('2024-06-01,weight,150,lb'), key('2024-06-01,weight,151,lb'));
  });

  it('dates: a date stays a date, a time gets the offset, an offset is kept, impossible days are refused', () => {
    assert.equal(m.effectiveOf('2024-06-15'), '2024-06-15');
    assert.match(m.effectiveOf('2024-06-15', '08:30'), /^2024-06-15T08:30:00[+-]\d{2}:\d{2}$/);
    assert.equal(m.effectiveOf('2024-02-30'), undefined);
    assert.equal(m.effectiveOf('2024-06-15', '25:00'), undefined);
    const [row] = m.importRows('2024-06-01T07:15:00-05:00,pulse,64,bpm', m.DEFAULT_READING_TYPES, 'Patient/a', undefined, new Date(2024, 5, 15));
    assert.equal(row.reading.effective, '2024-06-01T07:15:00-05:00');
  });

  it('a device time in UTC is "today" when it is today on the viewer\'s clock, and tomorrow only when it is', (t) => {
    const saved = process.env.TZ;
    t.after(() => (saved === undefined ? delete process.env.TZ : (process.env.TZ = saved)));
    process.env.TZ = 'America/New_York';
    // 21:45 on 3 December in New York (EST, UTC-5) is 02:45 on 4 December in UTC
    const now = new Date('2026-12-04T02:45:00Z');
    const pulse = (moment) => m.importRows(`${moment},pulse,64,bpm`, m.DEFAULT_READING_TYPES, 'Patient/a', undefined, now)[0];
    // read at 21:30 New York time, exported by the device in UTC: the same evening, not "after today"
    const evening = pulse('2026-12-04T02:30:00Z');
    assert.equal(evening.reading?.effective, '2026-12-04T02:30:00Z', `refused as ${evening.problem}`);
    // 4 December 09:00 New York time is tomorrow there
    assert.equal(pulse('2026-12-04T14:00:00Z').problem, 'future-date');
  });
});
