// SDC FHIR queries (application/x-fhir-query) and answerExpression in the questionnaire
// model (src/elements/questionnaire/model/, no DOM), with the query runner standing in for
// the port: it records the filled-in queries it is asked and answers some of them, as the
// element does once the port's answer has come. Two forms: the LHC-Forms RxTerms form
// (a query variable whose {{ }} uses an answer, and an answerExpression over its result)
// and test/fixtures/questionnaires/sdc-x-fhir-query.json, written after the SDC spec's
// x-fhir-query examples (`Observation?…&patient={{%patient.id}}`).
// The same form runs against the local FHIR server in test/browser/questionnaire-queries.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { importTs } from './ts-bundle.mjs';

const model = await importTs([
  'src/elements/questionnaire/model/form.ts',
  'src/elements/questionnaire/model/expressions.ts',
  'src/elements/questionnaire/model/extensions.ts',
  'src/elements/questionnaire/model/fhir-query.ts',
]);
const { QuestionnaireForm, loadExpressionEngine, usesExpressions, fillQuery, launchOf, queryResultOptions } = model;

const load = (name) => JSON.parse(readFileSync(`test/fixtures/questionnaires/${name}`, 'utf8'));
const at = (form, linkId) => form.instancesOf(linkId)[0];

/** A query runner: answers from `results` (by filled-in query), records every query asked. */
function runner(results) {
  const asked = [];
  return {
    asked,
    resolve: (query) => {
      asked.push(query);
      return results.get(query);
    },
  };
}

test('fillQuery: {{ }} filled in URL-encoded; a query whose expression gives nothing is not run', () => {
  const values = { '%patient.id': ['a b&c'], '%nothing': [] };
  assert.equal(fillQuery('Observation?patient={{%patient.id}}&code=x', (e) => values[e]), 'Observation?patient=a%20b%26c&code=x');
  assert.equal(fillQuery('Observation?patient={{ %patient.id }}', (e) => values[e]), 'Observation?patient=a%20b%26c');
  assert.equal(fillQuery('Observation?patient={{%nothing}}', (e) => values[e]), undefined);
  assert.equal(fillQuery('Patient', () => []), 'Patient');
  assert.deepEqual(launchOf('Patient/123', 'Practitioner/dr-1'), { patient: { resourceType: 'Patient', id: '123' }, user: { resourceType: 'Practitioner', id: 'dr-1' } });
  assert.deepEqual(launchOf('not a ref', undefined), {});
});

test('query results as answers: a search Bundle gives references, a ValueSet expansion codings, Parameters nothing', () => {
  const bundle = { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Condition', id: 'c1', code: { text: 'Asthma' } } }, { resource: { resourceType: 'Patient', id: 'p1', name: [{ given: ['Jill'], family: 'Tillman' }] } }] };
  assert.deepEqual(queryResultOptions([bundle]), [
    { valueReference: { reference: 'Condition/c1', display: 'Asthma' } },
    { valueReference: { reference: 'Patient/p1', display: 'Jill Tillman' } },
  ]);
  const valueSet = { resourceType: 'ValueSet', expansion: { contains: [{ system: 's', code: 'a', display: 'A' }, { code: 'b' }, {}] } };
  assert.deepEqual(queryResultOptions([valueSet]), [{ valueCoding: { system: 's', code: 'a', display: 'A' } }, { valueCoding: { code: 'b' } }]);
  assert.deepEqual(queryResultOptions([{ resourceType: 'Parameters', parameter: [] }, { resourceType: 'OperationOutcome' }, 'text', null]), []);
});

test('RxTerms (LHC-Forms): the strength lookup is filled in from the chosen medication; its answer gives the strength options', async () => {
  const q = load('lforms-rxterms.R4.json');
  assert.equal(usesExpressions(q), true, 'a query variable and an answerExpression load the engine');
  const lookup = (code) =>
    `https://clinicaltables.nlm.nih.gov/fhir/R4/CodeSystem/$lookup?system=https://clinicaltables.nlm.nih.gov/fhir/CodeSystem/rxterms&code=${code}&property=STRENGTHS_AND_FORMS`;
  // the $lookup answer, in the shape the form's answerExpression reads (FHIR R4 $lookup output)
  const parameters = {
    resourceType: 'Parameters',
    parameter: [
      { name: 'name', valueString: 'RxTerms' },
      { name: 'property', part: [{ name: 'code', valueCode: 'STRENGTHS_AND_FORMS' }, { name: 'value', valueString: '10 mg Tab' }] },
      { name: 'property', part: [{ name: 'code', valueCode: 'STRENGTHS_AND_FORMS' }, { name: 'value', valueString: '20 mg Tab' }] },
      { name: 'property', part: [{ name: 'code', valueCode: 'RXCUIS' }, { name: 'value', valueString: '123' }] },
    ],
  };
  const { asked, resolve } = runner(new Map([[lookup('LIPITOR%20(Oral%20Pill)'), parameters]]));
  const form = new QuestionnaireForm(q);
  const engine = await loadExpressionEngine();
  engine.useQueries(resolve, launchOf('Patient/p1', undefined));
  form.useExpressions(engine);
  const strength = at(form, 'strength');
  assert.deepEqual(form.expressionOptions(strength), [], 'no medication chosen: nothing to look up');
  assert.equal(asked.filter((query) => query.includes('$lookup')).length, 0, 'a query about an unanswered question is not asked');

  form.setAnswers(at(form, 'medication').key, [{ valueCoding: { code: 'LIPITOR (Oral Pill)', display: 'LIPITOR (Oral Pill)' } }]);
  assert.ok(asked.includes(lookup('LIPITOR%20(Oral%20Pill)')), asked.join('\n'));
  assert.deepEqual(form.expressionOptions(strength), [{ valueString: '10 mg Tab' }, { valueString: '20 mg Tab' }]);
});

test('the SDC x-fhir-query form: %patient filled in, initial values and options from the answers, nothing from a query that got none', async () => {
  const q = load('sdc-x-fhir-query.json');
  const weightQuery = 'Observation?code=http://loinc.org|29463-7&_sort=-date&_count=1&patient=f341c771';
  const results = new Map([
    [weightQuery, { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'Observation', id: 'o1', valueQuantity: { value: 85.9, unit: 'kg' } } }] }],
    ['Patient?_id=f341c771', { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Patient', id: 'f341c771', name: [{ text: 'Jill Tillman' }] } }] }],
    ['Condition?patient=f341c771&clinical-status=active', { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Condition', id: 'c1', code: { text: 'Chronic sinusitis' } } }] }],
  ]);
  // the runner answers nothing at first (the port has not answered yet), then everything
  let answering = false;
  const asked = [];
  const engine = await loadExpressionEngine();
  engine.useQueries((query) => (asked.push(query), answering ? results.get(query) : undefined), launchOf('Patient/f341c771', undefined));
  const form = new QuestionnaireForm(q);
  form.useExpressions(engine);
  assert.deepEqual(form.answersOf(at(form, 'weight').key), [], 'no answer yet: no initial value');
  assert.ok(asked.includes(weightQuery), asked.join('\n'));
  assert.ok(asked.includes('https://example.org/fhir/Observation?patient=f341c771'), 'the query is filled in; the port decides it is refused');

  answering = true;
  form.queriesAnswered();
  assert.deepEqual(form.answersOf(at(form, 'weight').key), [{ valueDecimal: 85.9 }]);
  assert.deepEqual(form.answersOf(at(form, 'who').key), [{ valueReference: { reference: 'Patient/f341c771', display: 'Jill Tillman' } }]);
  assert.deepEqual(form.answersOf(at(form, 'elsewhere-count').key), [{ valueInteger: 0 }], 'the refused query found nothing');
  assert.deepEqual(form.expressionOptions(at(form, 'condition')), [{ valueReference: { reference: 'Condition/c1', display: 'Chronic sinusitis' } }]);
  assert.deepEqual(form.expressionOptions(at(form, 'scale')), [{ valueCoding: { code: 'home', display: 'Home scale' } }, { valueCoding: { code: 'clinic', display: 'Clinic scale' } }]);

  // an answer the patient changed is theirs: a later query result does not overwrite it
  form.setAnswers(at(form, 'weight').key, [{ valueDecimal: 84 }]);
  form.queriesAnswered();
  assert.deepEqual(form.answersOf(at(form, 'weight').key), [{ valueDecimal: 84 }]);
});
