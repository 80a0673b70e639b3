/**
 * The patient view's words, on real strings: every RxNorm and LOINC display below is
 * copied from the Synthea and US Core data in demo/data (or read from it), not made up.
 */
import { expect } from '@open-wc/testing';
import { demoData } from './helpers.js';
import { SYNTHEA_FILES, resourcesOf } from './synthea.js';
import { parseRxNormName } from '../../src/core/clinical-names/rxnorm-names.js';
import { LOINC_PLAIN_CODES, loincPlainName } from '../../src/core/clinical-names/loinc-names.js';
import { medicationText, patientName, patientQuantity, unitWords } from '../../src/elements/clinical-summary/patient-words.js';
import { dosageText } from '../../src/elements/clinical-summary/summary-words.js';
import { toMedicationRequest } from '../../src/adapters/fhir/mapping/summary.js';
import { applyLocale, inLanguage } from '../../src/core/localization.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const LOINC = 'http://loinc.org';
const ALL_SYNTHEA = [
  ...SYNTHEA_FILES,
  'synthea-dennis-durgan-78f005f3.json',
  'synthea-jill-tillman-c4b7d178.json',
  'synthea-vito-feeney-63dd4423.json',
];

const medicineWords = (display: string) => {
  const parsed = parseRxNormName(display);
  return parsed && medicationText(parsed, 'en-US');
};
const rx = (display: string) => ({ text: display, codings: [{ system: RXNORM, display }] });

describe('patient words: RxNorm names in plain words', () => {
  after(() => applyLocale('en'));

  it('says ingredient, form and strength for the clinical drugs in the fixtures', () => {
    expect(medicineWords('120 ACTUAT Fluticasone propionate 0.044 MG/ACTUAT Metered Dose Inhaler')).to.equal(
      'Fluticasone propionate inhaler, 44 mcg per puff',
    );
    expect(medicineWords('200 ACTUAT Albuterol 0.09 MG/ACTUAT Metered Dose Inhaler')).to.equal('Albuterol inhaler, 90 mcg per puff');
    expect(medicineWords('NDA020800 0.3 ML Epinephrine 1 MG/ML Auto-Injector')).to.equal('Epinephrine auto-injector, 1 mg per mL');
    expect(medicineWords('Amoxicillin 250 MG / Clavulanate 125 MG Oral Tablet')).to.equal(
      'Amoxicillin and clavulanate tablet, 250 mg + 125 mg',
    );
    expect(medicineWords('diphenhydrAMINE Hydrochloride 25 MG Oral Tablet')).to.equal('Diphenhydramine hydrochloride tablet, 25 mg');
    expect(medicineWords('Loratadine 5 MG Chewable Tablet')).to.equal('Loratadine chewable tablet, 5 mg');
    expect(medicineWords('24 HR metoprolol succinate 100 MG Extended Release Oral Tablet [Toprol]')).to.equal(
      'Metoprolol succinate (Toprol) extended-release tablet, 100 mg',
    );
    expect(medicineWords('Vitamin B 12 5 MG/ML Injectable Solution')).to.equal('Vitamin B 12 injection, 5 mg per mL');
    expect(medicineWords('Nitrofurantoin 5 MG/ML Oral Suspension')).to.equal('Nitrofurantoin liquid to swallow, 5 mg per mL');
    expect(medicineWords('Etonogestrel 68 MG Drug Implant')).to.equal('Etonogestrel implant, 68 mg');
    expect(medicineWords('Hydrochlorothiazide 25 MG')).to.equal('Hydrochlorothiazide, 25 mg');
  });

  it('leaves names that do not follow the RxNorm grammar to the record', () => {
    for (const display of ['Trinessa 28 Day Pack', 'Vicodin 5/500 Oral Tablet', 'penicillin V', 'cashew nut allergenic extract Injectable Product']) {
      expect(parseRxNormName(display), display).to.equal(undefined);
      expect(patientName(rx(display), 'en-US'), display).to.equal(undefined);
    }
  });

  it('reads every clinical-drug name of the Synthea patients except packs', async () => {
    const displays = new Set<string>();
    for (const file of ALL_SYNTHEA) {
      const bundle = await demoData<{ entry: { fullUrl: string; resource: Json }[] }>(file);
      for (const request of resourcesOf(bundle, 'MedicationRequest')) {
        for (const coding of request.medicationCodeableConcept?.coding ?? []) if (coding.system === RXNORM) displays.add(coding.display);
      }
    }
    // packs ("Trinessa 28 Day Pack") and combined strengths without ingredient names
    // ("NuvaRing 0.12/0.015 MG per 24HR …") are outside the grammar: the record's name stays
    const outside = [...displays].filter((d) => / Pack$/.test(d) || /\d\/\d/.test(d));
    expect(outside.length).to.be.lessThan(displays.size / 4);
    const unread = [...displays].filter((d) => !outside.includes(d) && !parseRxNormName(d));
    expect(displays.size).to.be.greaterThan(10);
    expect(unread).to.deep.equal([]);
  });

  it('words dose forms and strengths in Spanish, ingredient names as recorded', async () => {
    await applyLocale('es'); // loads the Spanish strings; inLanguage makes them the active ones
    inLanguage('es', () => {
      expect(medicineWords('120 ACTUAT Fluticasone propionate 0.044 MG/ACTUAT Metered Dose Inhaler')).to.equal(
        'Fluticasone propionate (inhalador), 44 mcg por inhalación',
      );
      expect(medicationText(parseRxNormName('Amoxicillin 250 MG / Clavulanate 125 MG Oral Tablet')!, 'es')).to.equal(
        'Amoxicillin y clavulanate (tableta), 250 mg + 125 mg',
      );
      expect(dosageText('PRN')).to.equal('cuando lo necesite');
    });
  });
});

describe('patient words: test names', () => {
  it('names the commonest tests plainly and leaves unknown codes to the record', () => {
    const loinc = (code: string, display: string) => ({ text: display, codings: [{ system: LOINC, code, display }] });
    expect(loincPlainName(loinc('786-4', 'MCHC [Mass/volume] by Automated count'))).to.equal('Hemoglobin in red blood cells (MCHC)');
    expect(loincPlainName(loinc('6690-2', 'Leukocytes [#/volume] in Blood by Automated count'))).to.equal('White blood cells');
    expect(loincPlainName(loinc('4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood'))).to.equal('Hemoglobin A1c (average blood sugar)');
    expect(loincPlainName(loinc('99999-9', 'Something new'))).to.equal(undefined);
    // the code decides, not a system spelled differently
    expect(loincPlainName({ codings: [{ system: 'http://snomed.info/sct', code: '786-4' }] })).to.equal(undefined);
  });

  it('names every curated test in Spanish once Spanish is loaded, and in English otherwise', async () => {
    await applyLocale('es');
    try {
      const names = LOINC_PLAIN_CODES.map((code) => ({
        code,
        en: loincPlainName({ codings: [{ system: LOINC, code }] }),
        es: inLanguage('es', () => loincPlainName({ codings: [{ system: LOINC, code }] })),
      }));
      // a Spanish name for each code of the table, and never the English one left in place
      for (const { code, en, es } of names) {
        expect(es, code).to.be.a('string').and.not.equal(en);
      }
      expect(inLanguage('es', () => loincPlainName({ codings: [{ system: LOINC, code: '6690-2' }] }))).to.equal('Glóbulos blancos');
      expect(loincPlainName({ codings: [{ system: LOINC, code: '6690-2' }] })).to.equal('White blood cells');
      expect(inLanguage('es', () => loincPlainName({ codings: [{ system: LOINC, code: '99999-9' }] }))).to.equal(undefined);
    } finally {
      await applyLocale('en');
    }
  });

  it('covers most LOINC-coded observations of the fixture patients (figure in the report)', async () => {
    let coded = 0;
    let named = 0;
    for (const file of [...ALL_SYNTHEA, 'uscore-bundle-patient-85.json']) {
      const bundle = await demoData<{ entry: { fullUrl: string; resource: Json }[] }>(file);
      for (const observation of resourcesOf(bundle, 'Observation')) {
        const codes = (observation.code?.coding ?? []).filter((c: Json) => c.system === LOINC).map((c: Json) => c.code);
        if (!codes.length) continue;
        coded += 1;
        if (codes.some((code: string) => LOINC_PLAIN_CODES.includes(code))) named += 1;
      }
    }
    console.log(`plain test names: ${named} of ${coded} LOINC-coded observations (${((100 * named) / coded).toFixed(1)} %)`);
    expect(named / coded).to.be.greaterThan(0.9);
  });
});

describe('patient words: numbers, units and PRN', () => {
  it('writes UCUM units as people do', () => {
    const cases: [string, string][] = [
      ['10*3/uL', '10³/µL'],
      ['10*6/uL', '10⁶/µL'],
      ['10*9/L', '10⁹/L'],
      ['mg/dL', 'mg/dL'],
      ['/min', '/min'],
      ['[in_i]', 'in'],
      ['[lb_av]', 'lb'],
      ['Cel', '°C'],
      ['kg/m2', 'kg/m²'],
      ['%', '%'],
      ['mm[Hg]', 'mmHg'],
      ['u[IU]/mL', 'µIU/mL'],
      ['ug/dL', 'µg/dL'],
      ['[IU]/L', 'IU/L'],
      ['mL/min/{1.73_m2}', 'mL/min/1.73 m²'],
      ['{beats}/min', 'beats/min'],
    ];
    for (const [code, shown] of cases) expect(unitWords(code), code).to.equal(shown);
  });

  it('shows each CBC value of the Synthea patients with the precision a lab report uses', async () => {
    let checked = 0;
    for (const file of ALL_SYNTHEA) {
      const bundle = await demoData<{ entry: { fullUrl: string; resource: Json }[] }>(file);
      for (const observation of resourcesOf(bundle, 'Observation')) {
        const code = observation.code?.coding?.[0]?.code;
        const q = observation.valueQuantity;
        if (!q) continue;
        if (code === '786-4') {
          // MCHC in g/dL: one decimal (the source writes 15)
          expect(patientQuantity(q, 'en-US')).to.equal(`${q.value.toFixed(1)} g/dL`);
          checked += 1;
        }
        if (code === '6690-2') {
          expect(patientQuantity(q, 'en-US')).to.equal(`${q.value.toFixed(1)} 10³/µL`);
          checked += 1;
        }
      }
    }
    expect(checked).to.be.greaterThan(5);
  });

  it('never shows more decimals than the source wrote, nor more than three significant digits', () => {
    const ucum = (value: number, code: string, decimals?: number) => ({ value, code, unit: code, system: 'http://unitsofmeasure.org', decimals });
    expect(patientQuantity(ucum(34.165, 'g/dL'), 'en-US')).to.equal('34.2 g/dL');
    expect(patientQuantity(ucum(5.1, 'mg/dL', 2), 'en-US')).to.equal('5.10 mg/dL');
    expect(patientQuantity(ucum(1.1234, 'mg/dL'), 'en-US')).to.equal('1.12 mg/dL');
    expect(patientQuantity(ucum(187.3, 'mg/dL', 1), 'en-US')).to.equal('187 mg/dL');
    expect(patientQuantity(ucum(120.6, 'mm[Hg]', 1), 'en-US')).to.equal('121 mmHg');
    expect(patientQuantity(ucum(37.04, 'Cel', 2), 'en-US')).to.equal('37.0 °C');
    expect(patientQuantity(ucum(5.9, '%', 1), 'en-US')).to.equal('5.9%');
    expect(patientQuantity(ucum(30.12, 'kg/m2', 2), 'es')).to.equal('30,1 kg/m²');
    expect(patientQuantity({ ...ucum(5, 'mg/dL', 0), comparator: '<' }, 'en-US')).to.equal('< 5 mg/dL');
  });

  it('keeps "as needed" as a flag for the Synthea inhalers, and words a free-text PRN', async () => {
    const bundle = await demoData<{ entry: { fullUrl: string; resource: Json }[] }>('synthea-kermit-trantow-f1a650a5.json');
    const prn = resourcesOf(bundle, 'MedicationRequest').filter((r) => r.dosageInstruction?.[0]?.asNeededBoolean === true);
    expect(prn.length).to.be.greaterThan(0);
    for (const request of prn) {
      const entry = toMedicationRequest(request, () => undefined);
      // the mapping keeps "as needed" as a flag the element words in the reader's language
      expect(entry.asNeeded).to.equal(true);
      expect(entry.dosage ?? '').to.not.match(/\bPRN\b/);
    }
    expect(dosageText('Take 2 puffs every 4 hours prn wheezing')).to.equal('Take 2 puffs every 4 hours as needed wheezing');
  });
});
