// The CVX → vaccine group map the element groups a record with (src/core/vaccine-groups.generated.ts):
// not stale against CDC's ScheduleSupportingData.xml, and every CVX of the XML maps to the
// groups of its antigens (counted from the XML here, not from the generator).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const XML = readFileSync('data/cdsi/supporting-data-4.64/ScheduleSupportingData.xml', 'utf8');
const out = await build({ entryPoints: ['src/core/vaccine-groups.generated.ts'], bundle: true, format: 'esm', write: false, platform: 'neutral' });
const groups = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);

test('the generated vaccine-group map matches the XML (not stale)', () => {
  execFileSync(process.execPath, ['scripts/compile-vaccine-groups.mjs', '--check'], { stdio: 'pipe' });
});

test('every CVX of the supporting data maps to the vaccine groups of its antigens', () => {
  const antigenGroup = new Map();
  for (const [, block] of XML.matchAll(/<vaccineGroupMap>([\s\S]*?)<\/vaccineGroupMap>/g)) {
    const name = /<name>([^<]+)<\/name>/.exec(block)[1];
    for (const [, antigen] of block.matchAll(/<antigen>([^<]+)<\/antigen>/g)) antigenGroup.set(antigen, name);
  }
  const maps = [...XML.matchAll(/<cvxMap>([\s\S]*?)<\/cvxMap>/g)];
  assert.ok(maps.length > 200, `the XML holds ${maps.length} CVX maps`);
  for (const [, block] of maps) {
    const cvx = /<cvx>([^<]+)<\/cvx>/.exec(block)[1];
    const expected = new Set([...block.matchAll(/<antigen>([^<]+)<\/antigen>/g)].map((m) => antigenGroup.get(m[1])));
    assert.deepEqual(new Set(groups.vaccineGroupsOfCvx(cvx)), expected, `CVX ${cvx}`);
    assert.equal(groups.cvxShortName(cvx), /<shortDescription>([^<]*)<\/shortDescription>/.exec(block)[1].trim().replace(/&amp;/g, '&'));
  }
});

test('combination vaccines list their groups in schedule order; codes are normalized', () => {
  // CVX 110 is DTaP-HepB-IPV (Pediarix): HepB comes before DTaP and Polio on the childhood schedule.
  assert.deepEqual(groups.vaccineGroupsOfCvx('110'), ['HepB', 'DTaP/Tdap/Td', 'Polio']);
  assert.deepEqual(groups.vaccineGroupsOfCvx(' 3'), ['MMR']);
  assert.deepEqual(groups.vaccineGroupsOfCvx('999999'), []);
  assert.ok(groups.vaccineGroupRank('HepB') < groups.vaccineGroupRank('Zoster'));
  assert.ok(groups.vaccineGroupRank('Zoster') < groups.vaccineGroupRank('Yellow Fever'));
  assert.equal(groups.vaccineGroupRank('Made-up group'), groups.VACCINE_GROUP_ORDER.length);
  // The order holds every vaccine group of the XML exactly once.
  const inXml = [...XML.matchAll(/<vaccineGroup>\s*<name>([^<]+)<\/name>/g)].map((m) => m[1]);
  assert.deepEqual([...groups.VACCINE_GROUP_ORDER].sort(), inXml.sort());
});
