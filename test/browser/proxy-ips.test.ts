/**
 * IPS security labels under the proxy policy: a record an IPS document labels as sensitive
 * (`meta.security` on the resource, or on the whole document: `Composition.confidentiality`,
 * the Composition's or the Bundle's `meta.security`) is withheld from a parent of a
 * 15-year-old as the same record read by FHIR search or from a C-CDA document is — a
 * server's `Patient/$summary` answer is mapped by this same reader (`summaryFromIps`).
 * The document read no label at all: every record reached the parent.
 *
 * The document is the NZ IPS (test/fixtures, real) with ONE element set per case, said at
 * each; the adolescent is the memory adapter's patient (proxy-summary-view.ts). What must be
 * shown or withheld is read from the JSON here, never through the code under test.
 */
import { expect } from '@open-wc/testing';
import { summaryFromIps } from '../../src/adapters/ips/ips.js';
import { ACT_CODE_SYSTEM, CONFIDENTIALITY_SYSTEM } from '../../src/core/proxy-policy.js';
import { fixture } from './helpers.js';
import { summaryAsSeenBy } from './proxy-summary-view.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;


const resourcesOf = (bundle: Json): Json[] => bundle.entry.map((e: Json) => e.resource);
const conditionNames = (bundle: Json): string[] =>
  resourcesOf(bundle).filter((r) => r.resourceType === 'Condition').map((r) => r.code.coding[0].display as string);

/** The NZ IPS, as published. */
const document = (): Promise<Json> => fixture<Json>('fhir-r4/ips/ips-nz-full-16-sections.json');

/** The summary of `bundle` as the adolescent or as his parent sees it. */
const shown = (bundle: Json, as: 'adolescent' | 'parent'): Promise<string> => summaryAsSeenBy(summaryFromIps(structuredClone(bundle)), as);

describe('proxy policy: IPS security labels', () => {
  it('a Condition labelled mental health (meta.security MH): the parent does not see it, the adolescent does, the others stay', async () => {
    const bundle = await document();
    const conditions = resourcesOf(bundle).filter((r) => r.resourceType === 'Condition');
    const [labelled, ...others] = conditions;
    labelled!.meta = { security: [{ system: ACT_CODE_SYSTEM, code: 'MH' }] };
    const name = labelled!.code.coding[0].display as string;
    const parent = await shown(bundle, 'parent');
    const teen = await shown(bundle, 'adolescent');
    expect(parent, name).not.to.contain(name);
    expect(teen, name).to.contain(name);
    for (const other of others) expect(parent, other.code.coding[0].display).to.contain(other.code.coding[0].display);
  });

  for (const [where, label] of [
    ['Composition.confidentiality R', (bundle: Json) => void (resourcesOf(bundle).find((r) => r.resourceType === 'Composition')!.confidentiality = 'R')],
    ['Bundle.meta.security V', (bundle: Json) => void (bundle.meta = { security: [{ system: CONFIDENTIALITY_SYSTEM, code: 'V' }] })],
  ] as const) {
    it(`a document marked restricted (${where}): the parent sees none of its conditions, the adolescent all`, async () => {
      const bundle = await document();
      label(bundle);
      const parent = await shown(bundle, 'parent');
      const teen = await shown(bundle, 'adolescent');
      const names = conditionNames(bundle);
      expect(names.length).to.be.greaterThan(0);
      for (const name of names) {
        expect(parent, name).not.to.contain(name);
        expect(teen, name).to.contain(name);
      }
    });
  }

  it('the document as published (confidentiality N, no labels) shows the parent every condition', async () => {
    const bundle = await document();
    const parent = await shown(bundle, 'parent');
    for (const name of conditionNames(bundle)) expect(parent, name).to.contain(name);
  });

  it('a text-only section of a document marked R (Composition.confidentiality): the parent does not see its text, the adolescent does', async () => {
    const bundle = await document();
    const composition = resourcesOf(bundle).find((r) => r.resourceType === 'Composition')!;
    composition.confidentiality = 'R';
    // the Plan of Care section with its entry (and the record it points to) taken out: only its text is left
    const section = (composition.section as Json[]).find((s) => s.code.coding[0].code === '18776-5')!;
    const removed = new Set((section.entry as Json[]).map((ref) => ref.reference as string));
    bundle.entry = bundle.entry.filter((e: Json) => !removed.has(e.fullUrl) && !removed.has(`${e.resource.resourceType}/${e.resource.id}`));
    expect(bundle.entry.length).to.be.lessThan(resourcesOf(await document()).length);
    delete section.entry;
    const cells = (html: string) =>
      [...new DOMParser().parseFromString(html, 'text/html').querySelectorAll('td')].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim());
    // the text's cells no other part of the document says, so finding one on screen means the text is shown
    const { div } = section.text;
    delete section.text;
    const elsewhere = JSON.stringify(bundle);
    section.text = { status: 'generated', div };
    const withheld = cells(div).filter((cell) => cell.length > 3 && !elsewhere.includes(cell));
    expect(withheld.length, 'cells only the Plan of Care text says').to.be.greaterThan(0);
    const parent = await shown(bundle, 'parent');
    const teen = await shown(bundle, 'adolescent');
    for (const cell of withheld) {
      expect(parent, cell).not.to.contain(cell);
      expect(teen, cell).to.contain(cell);
    }
  });
});
