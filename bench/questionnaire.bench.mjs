#!/usr/bin/env node
/**
 * Benchmark of the questionnaire model (src/elements/questionnaire/model, no DOM): a
 * 300-item questionnaire where every item has an enableWhen on the item before it, so one
 * answer at the top decides what the whole chain shows. Measures
 * - "first render": building the form and deciding, for every item, whether it is shown
 *   (what the element does before its first paint);
 * - "answer → dependents shown": answering the first question and deciding again for
 *   every item (what the element does between a click and the next paint).
 * Not part of `npm test` (no timing is asserted anywhere); prints medians and writes
 * bench/results/questionnaire.json. The DOM side (Lit rendering 300 fields) comes on
 * top; a browser benchmark is still to be written.
 *
 *   node bench/questionnaire.bench.mjs [--runs 30]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { importTs } from '../test/node/ts-bundle.mjs';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 30;
const { QuestionnaireForm } = await importTs(['src/elements/questionnaire/model/form.ts']);

const ITEMS = 300;
/** q0 is a yes/no question; each later item is shown when the one before it is answered (q1 when q0 is "yes"). */
const questionnaire = {
  resourceType: 'Questionnaire',
  item: Array.from({ length: ITEMS }, (_, i) => ({
    linkId: `q${i}`,
    type: i === 0 ? 'boolean' : 'string',
    text: `Question ${i + 1}`,
    ...(i === 0 ? {} : { enableWhen: [i === 1 ? { question: 'q0', operator: '=', answerBoolean: true } : { question: `q${i - 1}`, operator: 'exists', answerBoolean: false }] }),
  })),
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const firstRender = [];
const answerToShown = [];
let shownAfter = 0;
for (let run = 0; run < runs; run++) {
  let t = performance.now();
  const form = new QuestionnaireForm(questionnaire);
  let shown = 0;
  for (const instance of form.all()) if (form.isShown(instance)) shown++;
  firstRender.push(performance.now() - t);
  t = performance.now();
  form.setAnswers(form.instancesOf('q0')[0].key, [{ valueBoolean: true }]);
  shown = 0;
  for (const instance of form.all()) if (form.isShown(instance)) shown++;
  answerToShown.push(performance.now() - t);
  shownAfter = shown;
}
const result = {
  items: ITEMS,
  runs,
  shownAfterAnswer: shownAfter,
  firstRenderMs: Number(median(firstRender).toFixed(2)),
  answerToDependentsShownMs: Number(median(answerToShown).toFixed(2)),
  node: process.version,
};
console.log(result);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/questionnaire.json', `${JSON.stringify(result, null, 2)}\n`);
