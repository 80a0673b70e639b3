#!/usr/bin/env node
// @ts-check
/**
 * Writes `demo/data/patients.json`: `[{ id, name, birthDate, file }]` for every Patient the
 * demo FHIR server seeds (ids are exactly the ones the server uses; see ./seed.mjs).
 *
 *   node demo/server/list-patients.mjs           # (re)write demo/data/patients.json
 *   node demo/server/list-patients.mjs --check   # exit 1 if the file is missing or stale
 *   node demo/server/list-patients.mjs --stdout  # print instead of writing
 *
 * The running server also serves the same list at `GET /demo/patients.json`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DATA_DIR, listPatients, readSeedFiles } from './seed.mjs';

const target = join(DATA_DIR, 'patients.json');
const patients = listPatients(await readSeedFiles(DATA_DIR));
const json = JSON.stringify(patients, null, 2) + '\n';
const args = new Set(process.argv.slice(2));

if (args.has('--stdout')) {
  process.stdout.write(json);
} else if (args.has('--check')) {
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current !== json) {
    console.error(`${target} is out of date; run: node demo/server/list-patients.mjs`);
    process.exit(1);
  }
  console.log(`${target} is up to date (${patients.length} patients)`);
} else {
  await writeFile(target, json);
  console.log(`Wrote ${target} (${patients.length} patients)`);
}
