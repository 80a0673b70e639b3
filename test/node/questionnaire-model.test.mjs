// The questionnaire model (src/elements/questionnaire/model/, no DOM) against the LHC-Forms
// R4 test questionnaires in test/fixtures/questionnaires: each form is filled in and its
// response, enabled items and score checked. Expected scores are counted here from the
// questionnaire JSON itself (ordinalValue / itemWeight extensions), never through the model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { importTs } from './ts-bundle.mjs';

const model = await importTs([
  'src/elements/questionnaire/model/form.ts',
  'src/elements/questionnaire/model/score.ts',
  'src/elements/questionnaire/model/validate.ts',
  'src/elements/questionnaire/model/expressions.ts',
  'src/elements/questionnaire/model/extensions.ts',
  'src/elements/questionnaire/model/enable-when.ts',
]);
const { QuestionnaireForm, scoreOf, bandsOf, bandOf, validate, loadExpressionEngine, usesExpressions, expressionsShapeForm, findEnableWhenLoop } = model;

const load = (name) => JSON.parse(readFileSync(`test/fixtures/questionnaires/${name}`, 'utf8'));
const ORDINAL = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
const WEIGHT = 'http://hl7.org/fhir/StructureDefinition/itemWeight';

/** The instance of a linkId (the first). */
const at = (form, linkId) => form.instancesOf(linkId)[0];
const shown = (form, linkId) => form.isShown(at(form, linkId));
const answerWith = (form, linkId, ...values) => form.setAnswers(at(form, linkId).key, values);
/** linkIds of the items of a response, depth first. */
const linkIds = (items = []) => items.flatMap((i) => [i.linkId, ...linkIds(i.item), ...(i.answer ?? []).flatMap((a) => linkIds(a.item))]);
const findItem = (items = [], linkId) => {
  for (const item of items) {
    if (item.linkId === linkId) return item;
    const inner = findItem([...(item.item ?? []), ...(item.answer ?? []).flatMap((a) => a.item ?? [])], linkId);
    if (inner) return inner;
  }
  return undefined;
};

test('PHQ-9: filled in, the score is the sum of its own ordinal values and the calculated total agrees', async () => {
  const q = load('lforms-phq9.json');
  const form = new QuestionnaireForm(q);
  assert.equal(usesExpressions(q), true);
  form.useExpressions(await loadExpressionEngine());
  const scored = q.item.filter((i) => i.answerOption?.some((o) => o.extension?.some((e) => e.url === ORDINAL)));
  assert.equal(scored.length, 9, 'PHQ-9 has nine scored questions');
  let expected = 0;
  scored.forEach((item, i) => {
    const option = item.answerOption[(i * 7) % item.answerOption.length];
    expected += Number(option.extension.find((e) => e.url === ORDINAL).valueDecimal);
    answerWith(form, item.linkId, { valueCoding: option.valueCoding });
  });
  assert.ok(expected > 0);
  assert.deepEqual(scoreOf(form), { total: expected, answered: 9, scored: 9 });
  const response = form.response({ subject: { reference: 'Patient/1' } });
  const total = findItem(response.item, '/44261-6');
  assert.equal(total?.answer?.[0]?.valueDecimal, expected, 'the calculatedExpression total');
  assert.deepEqual(linkIds(response.item), [...scored.map((i) => i.linkId), '/44261-6']);
  assert.equal(response.subject.reference, 'Patient/1');
  // the form's own interpretation of the total
  const { bands } = bandsOf(form);
  assert.equal(bands.length, 5);
  assert.equal(bandOf(bands, 12)?.label, 'Moderate depression');
});

test('PHQ-9: the nine questions with minOccurs 1 are required before submitting; a draft is never validated', () => {
  const q = load('lforms-phq9.json');
  const form = new QuestionnaireForm(q);
  const required = q.item.filter((i) => i.required === true || i.extension?.some((e) => e.url.endsWith('questionnaire-minOccurs') && e.valueInteger >= 1));
  const problems = validate(form);
  assert.deepEqual(problems.map((p) => p.linkId), required.map((i) => i.linkId));
  assert.ok(problems.every((p) => p.rule === 'required'));
  answerWith(form, required[0].linkId, { valueCoding: required[0].answerOption[1].valueCoding });
  assert.equal(validate(form).length, required.length - 1);
});

test('APGAR: itemWeight scores, counted from the JSON, equal the total its variables calculate', async () => {
  const q = load('lforms-apgar-with-itemWeight-variable.json');
  const form = new QuestionnaireForm(q);
  form.useExpressions(await loadExpressionEngine());
  const scored = q.item.filter((i) => i.answerOption?.some((o) => o.extension?.some((e) => e.url === WEIGHT)));
  assert.equal(scored.length, 5);
  let expected = 0;
  for (const [i, item] of scored.entries()) {
    const option = item.answerOption[(i + 1) % item.answerOption.length];
    expected += Number(option.extension.find((e) => e.url === WEIGHT).valueDecimal);
    // before the last answer the total is empty: the form's expression needs all five
    assert.equal(findItem(form.response().item, '9272-6'), undefined);
    answerWith(form, item.linkId, { valueCoding: option.valueCoding });
  }
  assert.equal(scoreOf(form).total, expected);
  assert.equal(findItem(form.response().item, '9272-6')?.answer?.[0]?.valueDecimal, expected);
});

test('weight and height: BMI calculated from the variables (height in inches)', async () => {
  const form = new QuestionnaireForm(load('lforms-weightHeightQuestionnaire.json'));
  form.useExpressions(await loadExpressionEngine());
  answerWith(form, '/29463-7', { valueDecimal: 70 });
  answerWith(form, '/8302-2', { valueDecimal: 69 });
  const metres = 69 * 0.0254;
  const bmi = Math.round((70 / metres / metres) * 10) / 10;
  assert.equal(findItem(form.response().item, '/39156-5')?.answer?.[0]?.valueDecimal, bmi);
  // a changed answer recalculates
  form.setAnswers(at(form, '/8302-2').key, []);
  assert.equal(findItem(form.response().item, '/39156-5'), undefined);
});

test('calculatedExpression: constants, repeating results and a repeating group variable', async () => {
  const form = new QuestionnaireForm(load('lforms-questionnaire-calculatedExpression.json'));
  form.useExpressions(await loadExpressionEngine());
  assert.deepEqual(form.answersOf(at(form, '/type-integer').key), [{ valueInteger: 123 }]);
  assert.deepEqual(form.answersOf(at(form, '/type-string').key), [{ valueString: 'abc123' }]);
  answerWith(form, 'string-to-split', { valueString: 'xyz' });
  assert.deepEqual(form.answersOf(at(form, 'repeating-string').key), [{ valueString: 'x' }, { valueString: 'y' }, { valueString: 'z' }]);
  answerWith(form, 'non-repeating-q', { valueString: 'ab' });
  assert.deepEqual(form.answersOf(at(form, 'repeating-q-in-repeating-group').key), [{ valueString: 'a' }, { valueString: 'b' }]);
});

test('enableWhen: every operator of the LHC-Forms test form, for each answer type', () => {
  const form = new QuestionnaireForm(load('lforms-enableWhen-test.R4.json'));
  assert.deepEqual(form.problems, []);
  // unanswered: exists=false and != hold, nothing else
  assert.deepEqual(['Q1-exists', 'Q1-not-exists', 'Q1-true', 'Q1-false', 'Q1-not-true'].map((l) => shown(form, l)), [false, true, false, false, true]);
  answerWith(form, 'Q1', { valueBoolean: true });
  assert.deepEqual(['Q1-exists', 'Q1-not-exists', 'Q1-true', 'Q1-false', 'Q1-not-true'].map((l) => shown(form, l)), [true, false, true, false, false]);
  answerWith(form, 'Q2', { valueDecimal: 5.6 });
  assert.deepEqual(['Q2-exists', 'Q2-not-exists', 'Q2-equal', 'Q2-ge'].map((l) => shown(form, l)), [true, false, true, true]);
  answerWith(form, 'Q2', { valueDecimal: 4.7 });
  assert.deepEqual(['Q2-equal', 'Q2-ge'].map((l) => shown(form, l)), [false, false]);
  answerWith(form, 'Q3', { valueInteger: 4 });
  assert.deepEqual(['Q3-equal', 'Q3-ge'].map((l) => shown(form, l)), [false, true]);
  answerWith(form, 'Q4', { valueDate: '2020-05-01' });
  assert.deepEqual(['Q4-exists', 'Q4-equal', 'Q4-ge'].map((l) => shown(form, l)), [true, true, true]);
  answerWith(form, 'Q4', { valueDate: '2020-04-30' });
  assert.deepEqual(['Q4-equal', 'Q4-ge'].map((l) => shown(form, l)), [false, false]);
  answerWith(form, 'Q7', { valueString: 'test' });
  const q7 = ['Q7-equals', 'Q7-notequals', 'Q7-gt', 'Q7-ge', 'Q7-ge2', 'Q7-lt', 'Q7-le', 'Q7-le2'];
  // 'test' = test, != test, > tes, >= test, >= tes, > testing, < test, <= testing
  assert.deepEqual(q7.map((l) => shown(form, l)), [true, false, true, true, true, false, false, true]);
  const [b, c] = ['B', 'C'].map((code) => ({ valueCoding: { system: 'test-coding', code, display: code } }));
  answerWith(form, 'Q8', b);
  assert.deepEqual(['Q8-eq-B', 'Q8-eq-B-and-C'].map((l) => shown(form, l)), [true, false]);
  answerWith(form, 'Q8', b, c);
  assert.deepEqual(['Q8-eq-B', 'Q8-eq-B-and-C'].map((l) => shown(form, l)), [true, true]);
  answerWith(form, 'Q9', b);
  assert.deepEqual(['Q9-eq-B', 'Q9-noteq-B'].map((l) => shown(form, l)), [true, false]);
  answerWith(form, 'Q9a', { valueString: 'B' });
  assert.deepEqual(['Q9a-eq-B', 'Q9a-noteq-B'].map((l) => shown(form, l)), [true, false]);
  answerWith(form, 'Q9b', { valueInteger: 34 });
  assert.deepEqual(['Q9b-eq-B', 'Q9b-noteq-B'].map((l) => shown(form, l)), [true, false]);
  // the form writes its date condition as answerInteger "2022-09": compared as what it holds
  answerWith(form, 'Q9c', { valueDate: '2022-09' });
  assert.deepEqual(['Q9c-eq-B', 'Q9c-noteq-B'].map((l) => shown(form, l)), [true, false]);
  answerWith(form, 'Q9d', { valueTime: '13:30:00' });
  assert.deepEqual(['Q9d-eq-B', 'Q9d-noteq-B'].map((l) => shown(form, l)), [true, false]);
  // a disabled item's answer is not in the response
  answerWith(form, 'Q1-exists', { valueString: 'kept in memory' });
  answerWith(form, 'Q1');
  assert.equal(findItem(form.response().item, 'Q1-exists'), undefined);
  answerWith(form, 'Q1', { valueBoolean: false });
  assert.equal(findItem(form.response().item, 'Q1-exists')?.answer?.[0]?.valueString, 'kept in memory');
});

test('enableWhenExpression: waits for the engine, then follows the expression', async () => {
  const form = new QuestionnaireForm(load('lforms-enableWhen-test.R4.json'));
  answerWith(form, 'Q10', { valueString: 'chic' });
  answerWith(form, 'Q10b', { valueString: 'ken' });
  assert.equal(shown(form, 'Q10-ewe'), false, 'hidden until the engine is loaded');
  form.useExpressions(await loadExpressionEngine());
  assert.equal(shown(form, 'Q10-ewe'), true);
  answerWith(form, 'Q10b', { valueString: 'pea' });
  assert.equal(shown(form, 'Q10-ewe'), false);
});

test('nested enableWhen: a group hidden by a condition hides what it holds (tab layout form)', () => {
  const form = new QuestionnaireForm(load('lforms-tab-layout-with-enableWhen.json'));
  assert.equal(shown(form, 'q3'), false);
  answerWith(form, 'Q1', { valueBoolean: true });
  assert.equal(shown(form, 'g3'), true);
  assert.equal(shown(form, 'q3'), true);
  answerWith(form, 'q3', { valueString: 'x' });
  answerWith(form, 'Q1', { valueBoolean: false });
  assert.equal(shown(form, 'q3'), false);
  assert.equal(findItem(form.response().item, 'q3'), undefined);
});

test('an enableWhen loop is refused, and evaluating it anyway ends', () => {
  const q = load('lforms-enableWhen-test.R4.json');
  // Q1 now waits for Q1-exists, which waits for Q1: a loop the renderer must refuse
  const g1 = q.item.find((i) => i.linkId === 'g1');
  g1.item.find((i) => i.linkId === 'Q1').enableWhen = [{ question: 'Q1-exists', operator: 'exists', answerBoolean: true }];
  assert.deepEqual(findEnableWhenLoop(q), ['Q1', 'Q1-exists', 'Q1']);
  const form = new QuestionnaireForm(q);
  assert.deepEqual(form.problems, [{ kind: 'enable-when-loop', linkIds: ['Q1', 'Q1-exists', 'Q1'] }]);
  assert.equal(shown(form, 'Q1'), false);
  assert.equal(shown(form, 'Q1-exists'), false);
  // a longer loop through a group: 300 items each waiting for the next, the last for the first
  const chain = Array.from({ length: 300 }, (_, i) => ({ linkId: `c${i}`, type: 'string', enableWhen: [{ question: `c${(i + 1) % 300}`, operator: 'exists', answerBoolean: true }] }));
  const long = { resourceType: 'Questionnaire', item: [{ linkId: 'g', type: 'group', item: chain }] };
  assert.equal(findEnableWhenLoop(long).length, 301);
  const longForm = new QuestionnaireForm(long);
  assert.equal(longForm.isShown(longForm.instancesOf('c150')[0]), false);
  // the PHQ-9 and every other fixture have no loop
  for (const name of ['lforms-phq9.json', 'lforms-enableWhen-test.R4.json', 'lforms-tab-layout-with-enableWhen.json']) assert.equal(findEnableWhenLoop(load(name)), undefined, name);
});

test('repeating groups and repeating answers survive a round trip through a response; nested items stay nested', () => {
  const q = {
    resourceType: 'Questionnaire',
    url: 'https://example.org/q',
    item: [
      { linkId: 'meds', type: 'group', repeats: true, item: [{ linkId: 'name', type: 'string' }, { linkId: 'dose', type: 'decimal' }] },
      { linkId: 'colours', type: 'string', repeats: true },
      { linkId: 'smoke', type: 'boolean', item: [{ linkId: 'packs', type: 'integer' }] },
    ],
  };
  const form = new QuestionnaireForm(q);
  form.addRepetition(at(form, 'meds'));
  const [first, second] = form.instancesOf('meds');
  form.setAnswers(first.children[0].key, [{ valueString: 'metformin' }]);
  form.setAnswers(second.children[0].key, [{ valueString: 'lisinopril' }]);
  form.setAnswers(second.children[1].key, [{ valueDecimal: 10 }]);
  answerWith(form, 'colours', { valueString: 'red' }, { valueString: 'blue' });
  answerWith(form, 'smoke', { valueBoolean: true });
  answerWith(form, 'packs', { valueInteger: 2 });
  const response = form.response();
  assert.deepEqual(response.item.map((i) => i.linkId), ['meds', 'meds', 'colours', 'smoke']);
  assert.equal(response.item[2].answer.length, 2);
  assert.equal(response.item[3].answer[0].item[0].linkId, 'packs', 'a question’s child goes under its answer');
  assert.equal(response.questionnaire, 'https://example.org/q');
  const again = new QuestionnaireForm(q, response);
  assert.deepEqual(again.response(), response);
  assert.equal(again.instancesOf('meds').length, 2);
  again.removeRepetition(again.instancesOf('meds')[0]);
  assert.deepEqual(again.response().item[0].item.map((i) => i.answer[0]), [{ valueString: 'lisinopril' }, { valueDecimal: 10 }]);
});

test('validation: required, maxLength, minValue/maxValue, integer and url; hidden and disabled items are skipped', () => {
  const ext = (name, value) => ({ url: `http://hl7.org/fhir/StructureDefinition/${name}`, ...value });
  const q = {
    resourceType: 'Questionnaire',
    item: [
      { linkId: 'name', type: 'string', required: true, maxLength: 5 },
      { linkId: 'age', type: 'integer', extension: [ext('minValue', { valueInteger: 0 }), ext('maxValue', { valueInteger: 120 })] },
      { linkId: 'when', type: 'date', extension: [ext('maxValue', { valueDate: '2026-12-31' })] },
      { linkId: 'site', type: 'url' },
      { linkId: 'secret', type: 'string', required: true, extension: [ext('questionnaire-hidden', { valueBoolean: true })] },
      { linkId: 'why', type: 'string', required: true, enableWhen: [{ question: 'age', operator: '>', answerInteger: 100 }] },
    ],
  };
  const form = new QuestionnaireForm(q);
  assert.deepEqual(validate(form).map((p) => `${p.linkId}:${p.rule}`), ['name:required']);
  answerWith(form, 'name', { valueString: 'Bartholomew' });
  answerWith(form, 'age', { valueInteger: 130 });
  answerWith(form, 'when', { valueDate: '2027-01-01' });
  answerWith(form, 'site', { valueUri: 'javascript:alert(1)' });
  assert.deepEqual(
    validate(form).map((p) => `${p.linkId}:${p.rule}:${p.limit ?? ''}`),
    ['name:max-length:5', 'age:max-value:120', 'when:max-value:2026-12-31', 'site:url:', 'why:required:'],
  );
  answerWith(form, 'age', { valueDecimal: 4.5 });
  assert.deepEqual(validate(form).find((p) => p.linkId === 'age')?.rule, 'integer');
});

test('initial values and initialSelected options fill a new form, not a resumed one', async () => {
  const q = {
    resourceType: 'Questionnaire',
    extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/variable', valueExpression: { name: 'today', language: 'text/fhirpath', expression: "'2026-12-02'" } }],
    item: [
      { linkId: 'a', type: 'string', initial: [{ valueString: 'hello' }] },
      { linkId: 'b', type: 'choice', answerOption: [{ valueCoding: { code: 'x' } }, { valueCoding: { code: 'y' }, initialSelected: true }] },
      { linkId: 'c', type: 'date', extension: [{ url: 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression', valueExpression: { language: 'text/fhirpath', expression: '%today' } }] },
    ],
  };
  const form = new QuestionnaireForm(q);
  form.useExpressions(await loadExpressionEngine());
  assert.deepEqual(['a', 'b', 'c'].map((l) => form.answersOf(at(form, l).key)), [[{ valueString: 'hello' }], [{ valueCoding: { code: 'y' } }], [{ valueDate: '2026-12-02' }]]);
  const resumed = new QuestionnaireForm(q, { resourceType: 'QuestionnaireResponse', status: 'in-progress', item: [{ linkId: 'a', answer: [{ valueString: 'bye' }] }] });
  assert.deepEqual(resumed.answersOf(at(resumed, 'b').key), []);
  assert.deepEqual(resumed.answersOf(at(resumed, 'a').key), [{ valueString: 'bye' }]);
});

test('a form whose expressions only calculate can show before the engine; one whose expressions gate, offer or fill in answers waits for it (#20)', () => {
  // what each fixture carries, read off the JSON by hand: variables and calculatedExpression only …
  for (const name of ['lforms-phq9.json', 'lforms-apgar-with-itemWeight-variable.json', 'lforms-weightHeightQuestionnaire.json', 'lforms-questionnaire-calculatedExpression.json']) {
    assert.equal(usesExpressions(load(name)), true, name);
    assert.equal(expressionsShapeForm(load(name)), false, name);
  }
  // … an enableWhenExpression (item "Q10-ewe" of the enableWhen test), an answerExpression
  // (RxTerms strengths), initialExpression and answerExpression as x-fhir-query (SDC example)
  for (const name of ['lforms-enableWhen-test.R4.json', 'lforms-rxterms.R4.json', 'sdc-x-fhir-query.json']) assert.equal(expressionsShapeForm(load(name)), true, name);
  assert.equal(expressionsShapeForm(load('lforms-bit-of-everything.json')), false);
});

test('forms without expressions do not need the engine; the other fixtures load', () => {
  for (const name of ['lforms-bit-of-everything.json', 'lforms-tab-layout-with-enableWhen.json', 'lforms-q-with-rendering-xhtml-answerOption.json', 'lforms-q-with-invalid-xhtml.json']) {
    assert.equal(usesExpressions(load(name)), false, name);
    const form = new QuestionnaireForm(load(name));
    assert.deepEqual(form.problems, [], name);
    assert.ok([...form.all()].length > 0, name);
  }
  // bit of everything: 19 items, one of them a display item inside the root group
  const form = new QuestionnaireForm(load('lforms-bit-of-everything.json'));
  assert.equal([...form.all()].length, 19);
});
