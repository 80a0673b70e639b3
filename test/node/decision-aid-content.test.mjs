// The shipped decision aids (aids/*.json) against BOTH the published JSON Schema
// (schemas/decision-aid.schema.json, checked by the schema-subset checker in json-schema-subset.mjs)
// and the validator the element runs (src/elements/decision-aid/content/validate.ts);
// malformed variants must fail both; the demo seed bundle must match the aid files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { checkSchema } from './json-schema-subset.mjs';

const schema = JSON.parse(readFileSync('schemas/decision-aid.schema.json', 'utf8'));
const aidFiles = readdirSync('aids').filter((f) => f.endsWith('.json')).sort();
const aids = aidFiles.map((f) => JSON.parse(readFileSync(`aids/${f}`, 'utf8')));

/** The validator, compiled from its TypeScript source. */
async function loadValidator() {
  const out = await build({ entryPoints: ['src/elements/decision-aid/content/validate.ts'], bundle: true, format: 'esm', write: false, platform: 'neutral' });
  const code = out.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

/** Error paths of `value` against `node` of the decision-aid schema (empty when valid). */
const check = (node, value) => checkSchema(schema, node, value);

test('both aids ship, marked for demonstration only', () => {
  assert.deepEqual(aidFiles, ['colorectal-cancer-screening.json', 'statin-primary-prevention.json']);
  for (const aid of aids) {
    assert.equal(aid.metadata.status, 'demonstration');
    assert.match(aid.metadata.disclaimer, /for demonstration — not clinically reviewed/i);
  }
});

test('every shipped aid validates against the JSON Schema and the element’s validator', async () => {
  const { validateAid } = await loadValidator();
  for (const [i, aid] of aids.entries()) {
    assert.deepEqual(check(schema, aid), [], `${aidFiles[i]} against the schema`);
    const result = validateAid(aid);
    assert.equal(result.ok, true, `${aidFiles[i]}: ${JSON.stringify(result.problems)}`);
  }
});

test('every outcome and sourced attribute cites a source with a year and a table', () => {
  for (const aid of aids) {
    for (const source of aid.sources) {
      assert.ok(source.year >= 2000 && source.year <= 2026, `${aid.id} ${source.id} year`);
      assert.match(source.locator, /Table|Abstract|Recommendation/, `${aid.id} ${source.id} locator`);
    }
    for (const outcome of aid.outcomes) assert.ok(outcome.sources.length > 0, `${aid.id} ${outcome.id}`);
  }
});

test('malformed variants fail both the schema and the validator', async () => {
  const { validateAid } = await loadValidator();
  const spoil = (fn) => {
    const aid = structuredClone(aids[0]);
    fn(aid);
    return aid;
  };
  const variants = {
    'unknown field': spoil((a) => (a.options[0].colour = 'red')),
    'missing numerator': spoil((a) => delete a.outcomes[0].values.fit.numerator),
    'negative numerator': spoil((a) => (a.outcomes[0].values.fit.numerator = -1)),
    'text where a number belongs': spoil((a) => (a.outcomes[0].values.fit.numerator = '23')),
    'unknown denominator': spoil((a) => (a.outcomes[0].denominator = 50)),
    'missing disclaimer': spoil((a) => delete a.metadata.disclaimer),
  };
  for (const [name, aid] of Object.entries(variants)) {
    assert.notDeepEqual(check(schema, aid), [], `schema accepts ${name}`);
    assert.equal(validateAid(aid).ok, false, `validator accepts ${name}`);
  }
  // rules only the validator can check
  for (const [name, aid] of Object.entries({
    'denominators that differ': spoil((a) => (a.outcomes[1].denominator = 100)),
    'numerator over the denominator': spoil((a) => (a.outcomes[0].values.fit.numerator = 1001)),
    'an option without a number': spoil((a) => delete a.outcomes[0].values.fit),
  })) {
    assert.equal(validateAid(aid).ok, false, `validator accepts ${name}`);
  }
});

test('the demo FHIR seed bundle carries exactly the aid files', () => {
  execFileSync(process.execPath, ['scripts/decision-aids-bundle.mjs', '--check'], { stdio: 'pipe' });
  const bundle = JSON.parse(readFileSync('demo/data/demo-decision-aids.json', 'utf8'));
  const carried = bundle.entry.map((e) => JSON.parse(Buffer.from(e.resource.content[0].data, 'base64').toString('utf8')));
  assert.deepEqual(carried, aids);
});

test('balance: outcomes of one kind are refused unless oneKindReason says why; the schema knows the field', async () => {
  const { validateAid } = await loadValidator();
  // the shipped aids show both kinds (counted from the files, not through the validator)
  for (const aid of aids) assert.deepEqual([...new Set(aid.outcomes.map((o) => o.kind))].sort(), ['benefit', 'harm'], aid.id);
  for (const [i, kind] of [[0, 'harm'], [1, 'benefit']]) {
    const oneKind = structuredClone(aids[i]);
    for (const o of oneKind.outcomes) o.kind = kind;
    const refused = validateAid(oneKind);
    assert.equal(refused.ok, false, `${oneKind.id}: all ${kind}s accepted`);
    assert.ok(refused.problems.some((p) => p.path === 'outcomes' && p.message.includes('oneKindReason')));
    oneKind.oneKindReason = 'Only one side has verified numbers.';
    assert.deepEqual(check(schema, oneKind), [], 'the schema accepts the reason');
    assert.equal(validateAid(oneKind).ok, true, `${oneKind.id}: a stated reason is accepted`);
  }
  const stale = { ...structuredClone(aids[1]), oneKindReason: 'Stale.' };
  assert.deepEqual(validateAid(stale).problems.map((p) => p.path), ['oneKindReason']);
});
