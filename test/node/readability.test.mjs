// Reading level of each element's own English wording, from its message sources
// (every msg('…', { id }) in src/elements/<name>/), graded with the same Flesch–Kincaid
// implementation the browser test uses on the rendered summary. Clinician variants
// (an id X beside X.plain) are left out: the plain one is what patients read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fleschKincaid } from '../browser/readability.mjs';

/** Elements a patient or caregiver reads; the refill queue is staff-facing and only measured. */
const PATIENT_FACING = ['clinical-summary', 'decision-aid', 'health-tracker', 'immunizations', 'message-inbox', 'message-thread', 'patient-banner', 'refill-request'];

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.es.ts') ? [path] : [];
  });
}

/** id → English text of every message of one element, placeholders dropped. */
function messages(element) {
  const found = new Map();
  for (const file of sourceFiles(join('src/elements', element))) {
    const code = readFileSync(file, 'utf8');
    for (const match of code.matchAll(/msg\(\s*(?:str)?(`(?:[^`\\]|\\.)*`|'(?:[^'\\]|\\.)*')\s*,\s*\{\s*id:\s*'([^']+)'/g)) {
      found.set(match[2], match[1].slice(1, -1).replace(/\$\{[^}]*\}/g, ' '));
    }
  }
  for (const id of [...found.keys()]) if (found.has(`${id}.plain`)) found.delete(id);
  return found;
}

const grades = new Map(readdirSync('src/elements').map((element) => [element, fleschKincaid(new Set(messages(element).values()))]));

test('each element has message sources to grade', () => {
  for (const element of PATIENT_FACING) assert.ok(grades.get(element)?.sentences > 10, `${element}: too few messages found`);
});

test('every patient-facing element words its own text at grade 8 or below', () => {
  const lines = [...grades].map(
    ([element, g]) => `${element}: grade ${g.grade.toFixed(1)} (${g.sentences} strings, ${g.words} words)${PATIENT_FACING.includes(element) ? '' : ' — staff-facing'}`,
  );
  console.log(`Flesch–Kincaid of each element's English message sources:\n  ${lines.join('\n  ')}`);
  for (const element of PATIENT_FACING) assert.ok(grades.get(element).grade <= 8, `${element}: grade ${grades.get(element).grade.toFixed(1)}`);
});
