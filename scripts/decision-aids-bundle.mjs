// Writes demo/data/demo-decision-aids.json: a batch Bundle that seeds the demo FHIR
// server with each aid in aids/*.json as a Library (the FHIR route of the decision-aid
// port: the aid's JSON base64 in Library.content, see src/adapters/fhir/mapping/decision-aid.ts).
// `--check` fails when the bundle is out of date with the aid files.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

const AID_URL_BASE = 'https://ehr-engage.dev/fhir/Library/decision-aid/';
const out = 'demo/data/demo-decision-aids.json';

const aids = readdirSync('aids')
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => JSON.parse(readFileSync(`aids/${name}`, 'utf8')));

const bundle = {
  resourceType: 'Bundle',
  type: 'batch',
  entry: aids.map((aid) => ({
    fullUrl: `${AID_URL_BASE}${aid.id}`,
    resource: {
      resourceType: 'Library',
      id: aid.id,
      meta: { tag: [{ system: 'https://ehr-engage.dev/fhir/tag', code: 'decision-aid' }] },
      url: `${AID_URL_BASE}${aid.id}`,
      identifier: [{ system: 'https://ehr-engage.dev/fhir/decision-aid', value: aid.id }],
      version: aid.version,
      name: aid.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c) => c.toUpperCase()),
      title: aid.title,
      status: 'active',
      experimental: true,
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/library-type', code: 'asset-collection' }] },
      content: [
        { contentType: 'application/json', title: `${aid.id}.json`, data: Buffer.from(JSON.stringify(aid), 'utf8').toString('base64') },
      ],
    },
    request: { method: 'PUT', url: `Library/${aid.id}` },
  })),
};

const text = JSON.stringify(bundle, null, 2) + '\n';
if (process.argv.includes('--check')) {
  const current = readFileSync(out, 'utf8');
  if (current !== text) {
    console.error(`${out} is out of date: run node scripts/decision-aids-bundle.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(out, text);
  console.log(`wrote ${out} (${aids.length} aids)`);
}
