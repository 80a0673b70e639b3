// Fuzz (issue 10, defect 8): seeded mutations of the fixture resources through every FHIR
// mapping function and every FHIR port read (over a fake fetch). The only failure allowed
// is an EngageError; anything else thrown is a crash, reported with its seed and iteration.
// The TypeScript sources are bundled with esbuild (test/browser/fuzz/targets.ts), so this
// test needs no build of dist/.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { importTs } from './ts-bundle.mjs';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const MAPPING_MUTATIONS = Number(process.env.FUZZ_MAPPINGS ?? 10_000);
const PORT_ROUNDS = Number(process.env.FUZZ_PORT_ROUNDS ?? 20);

const json = (path) => JSON.parse(readFileSync(path, 'utf8'));
const resourcesOf = (bundle) => (bundle.entry ?? []).map((e) => e.resource).filter(Boolean);

/** The seeds: project data (Synthea, the demo's messages, practice and aids) and FHIR spec examples. */
function seeds() {
  const synthea = resourcesOf(json('demo/data/synthea-buster-hoeger-ad2e3fc5.json'));
  // a few of each type keep the round robin from being all Observations
  const perType = new Map();
  for (const r of synthea) if ((perType.get(r.resourceType)?.length ?? 0) < 3) perType.set(r.resourceType, [...(perType.get(r.resourceType) ?? []), r]);
  const spec = ['communication-example.json', 'communication-example-fm-attachment.json', 'medicationrequest0301.json', 'medicationrequest0310.json', 'questionnaireresponse-example.json',
    'immunization-example.json', 'immunization-example-refused.json', 'immunization-example-historical.json', 'immunizationrecommendation-example.json', 'immunizationevaluation-example.json']
    .map((f) => json(`test/fixtures/fhir-r4/spec-examples/${f}`));
  const allergy = json('test/fixtures/fhir-r4/spec-examples-with-narrative/allergyIntolerance-example1.json');
  return [
    ...[...perType.values()].flat(),
    ...resourcesOf(json('demo/data/demo-messages.json')),
    ...resourcesOf(json('demo/data/demo-practice.json')),
    ...resourcesOf(json('demo/data/demo-decision-aids.json')),
    ...resourcesOf(json('demo/data/demo-immunization-recommendation.json')),
    ...spec,
    allergy,
  ];
}

const ips = () => readdirSync('test/fixtures/fhir-r4/ips').map((f) => json(`test/fixtures/fhir-r4/ips/${f}`));

describe('fuzz: mutated FHIR through every mapping and port read', () => {
  let fuzz;
  let seedResources;
  let ipsBundles;

  before(async () => {
    fuzz = await importTs(['test/browser/fuzz/targets.ts']);
    ipsBundles = ips();
    seedResources = [...seeds(), ...fuzz.ownSeeds(), ...ipsBundles.slice(0, 2)];
  });

  it(`${MAPPING_MUTATIONS} mutations through every mapping function: 0 exceptions other than EngageError`, async () => {
    const report = await fuzz.fuzzMappings(seedResources, MAPPING_MUTATIONS, SEED);
    console.log(
      `mapping fuzz (seed ${SEED}): ${report.mutations} mutations, ${report.calls} calls, ${report.engageErrors} EngageErrors, ${report.crashes.length} crashes`,
    );
    assert.equal(report.mutations, MAPPING_MUTATIONS);
    assert.deepEqual(summarize(report.crashes), [], 'crashes (target, error, first seed/iteration)');
  });

  it(`${PORT_ROUNDS} rounds of every FHIR port read over a fake fetch: 0 exceptions other than EngageError`, async () => {
    const report = await fuzz.fuzzPorts(seedResources, ipsBundles, PORT_ROUNDS, SEED + 1);
    console.log(
      `port fuzz (seed ${SEED + 1}): ${report.calls} reads, ${report.requests} requests, ${report.mutations} mutated resources, ${report.engageErrors} EngageErrors, ${report.crashes.length} crashes`,
    );
    assert.equal(report.calls, PORT_ROUNDS * 16);
    assert.ok(report.mutations >= 10_000, `at least 10,000 mutated resources went through the ports (${report.mutations})`);
    // the fake server answers with usable data often enough that most reads succeed
    assert.ok(report.engageErrors < report.calls, 'not every read failed');
    assert.deepEqual(summarize(report.crashes), [], 'crashes (target, error, first seed/iteration)');
  });
});

/** One line per distinct crash, with the first iteration that reproduces it. */
function summarize(crashes) {
  const seen = new Map();
  for (const c of crashes) {
    const key = `${c.target}: ${c.error.slice(0, 160)}`;
    if (!seen.has(key)) seen.set(key, `${key} (seed ${c.seed}, iteration ${c.iteration}, ×${crashes.filter((d) => d.target === c.target && d.error === c.error).length})`);
  }
  return [...seen.values()];
}
