/**
 * <engage-education>'s "Assign a material": what the clinician changes in the form WHILE an
 * assignment is being saved is their newer input, and survives the save's success. Only the
 * fields still holding what was sent are cleared; a field changed after pressing Assign keeps
 * its newer value, and the success announcement says that the newer input was not assigned.
 *
 * The materials are the education assignments of the demo data (demo/data/demo-gomez-family.json,
 * read here, not through the code under test). The memory port stores each assignment at
 * once and holds its answer until the test lets it go, so the "while saving" moment is
 * deterministic: the record has landed, the element does not know it yet.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/education/education.js';
import type { EngageEducation } from '../../src/elements/education/education.component.js';
import { MemoryEducationPort } from '../../src/adapters/memory/education.js';
import type { AssignedMaterial, MaterialDraft, RecordRef, WriteOptions } from '../../src/adapters/ports.js';
import { demoData, shadowText, waitFor } from './helpers.js';
import { asFile, choose, samplePdf, sha1Of } from './pdf-sample.js';

const PATIENT = 'Patient/p1';
const NOW = () => new Date(2026, 11, 2, 10, 0, 0);

interface Material {
  title: string;
  url: string;
  reason: string;
}
type Json = Record<string, unknown>;

/** The demo data's education assignments, as the form's fields would hold them. */
async function demoMaterials(): Promise<Material[]> {
  const bundle = await demoData<{ entry: { resource: Json }[] }>('demo-gomez-family.json');
  return bundle.entry
    .map((e) => e.resource)
    .filter((r) => r.resourceType === 'Communication' && (JSON.stringify(r.category) ?? '').includes('311401005'))
    .map((r) => {
      const attachment = (r.payload as { contentAttachment: { title: string; url: string } }[])[0]!.contentAttachment;
      return { title: attachment.title, url: attachment.url, reason: (r.reasonCode as { text: string }[])[0]!.text };
    });
}

/** A memory port whose assignments land at once, and whose answers wait for `release()`. */
class HeldAnswers extends MemoryEducationPort {
  private gate = Promise.resolve();
  private open = () => {};
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.open();
  }
  override async assign(patient: RecordRef, draft: MaterialDraft, options: WriteOptions): Promise<AssignedMaterial> {
    const stored = await super.assign(patient, draft, options);
    await this.gate;
    return stored;
  }
}

async function clinicianForm() {
  const port = new HeldAnswers({ materials: [], assignedBy: 'Dr. Elena Rivera', now: NOW });
  const el = await mount<EngageEducation>(
    html`<engage-education .adapter=${{ education: port }} .session=${{ patient: PATIENT, locale: 'en', now: NOW, role: 'clinician' }}></engage-education>`,
  );
  const root = el.shadowRoot!;
  const form = await waitFor(() => root.querySelector<HTMLFormElement>('[part="assign-form"]'), 'the assign form');
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
  const type = (name: string, value: string) => {
    field(name).value = value;
    field(name).dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    field(name).dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  };
  const status = () => (root.querySelector('[role="status"][aria-live="polite"]')?.textContent ?? '').replace(/\s+/g, ' ').trim();
  /** Presses Assign and waits until the port has stored it: the save is under way, its answer held. */
  const pressAssign = async () => {
    const before = port.all.length;
    port.hold();
    form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitFor(() => port.all.length > before, 'the assignment landed on the port');
  };
  /** Lets the held answer go and waits until the element has taken it in. */
  const answer = async (title: string) => {
    port.release();
    await waitFor(() => status().startsWith(`Assigned: ${title}`), `the announcement for ${title}`);
    await el.updateComplete;
  };
  return { port, el, root, form, field, type, status, pressAssign, answer };
}

describe('<engage-education>: input changed while an assignment is being saved', () => {
  let sent: Material;
  let newer: Material;
  before(async () => {
    const materials = await demoMaterials();
    expect(materials.length, 'education assignments in the demo data').to.be.at.least(2);
    [sent, newer] = [materials[0]!, materials[1]!];
    // the test is meaningless if the two materials share a field
    expect(sent.title !== newer.title && sent.url !== newer.url && sent.reason !== newer.reason).to.equal(true);
  });

  it('nothing changed while saving: every field is cleared, and the announcement says it was assigned', async () => {
    const { port, form, field, type, status, pressAssign, answer } = await clinicianForm();
    type('title', sent.title);
    type('url', sent.url);
    type('reason', sent.reason);
    await pressAssign();
    await answer(sent.title);
    expect(['title', 'url', 'reason'].map((n) => field(n).value)).to.deep.equal(['', '', '']);
    expect(status()).to.equal(`Assigned: ${sent.title}`);
    expect(form.textContent ?? '').to.not.match(/not assigned/i);
    expect(port.all.map((m) => [m.title, m.url, m.reason])).to.deep.equal([[sent.title, sent.url, sent.reason]]);
  });

  for (const name of ['title', 'url', 'reason'] as const) {
    it(`the ${name} changed while saving keeps its newer value; only the unchanged fields are cleared; the announcement says the change was not assigned`, async () => {
      const { port, form, field, type, status, pressAssign, answer } = await clinicianForm();
      type('title', sent.title);
      type('url', sent.url);
      type('reason', sent.reason);
      await pressAssign();
      type(name, newer[name]);
      await answer(sent.title);
      const expected = { title: '', url: '', reason: '', [name]: newer[name] };
      expect(['title', 'url', 'reason'].map((n) => field(n).value), 'the form after the save').to.deep.equal([expected.title, expected.url, expected.reason]);
      // what is stored is what was sent, once
      expect(port.all.map((m) => [m.title, m.url, m.reason])).to.deep.equal([[sent.title, sent.url, sent.reason]]);
      expect(status(), 'the announcement').to.match(/not assigned/i);
      expect(form.textContent ?? '', 'the form shows it too, for those who do not hear the announcement').to.match(/not assigned/i);
    });
  }

  it('a PDF chosen while saving stays chosen (the one sent is the one stored); the announcement says it was not assigned', async () => {
    const { port, root, field, type, status, pressAssign, answer } = await clinicianForm();
    const input = root.querySelector<HTMLInputElement>('input[type="file"]')!;
    const first = samplePdf(sent.title);
    const second = samplePdf(newer.title);
    type('title', sent.title);
    choose(input, asFile(first, 'first.pdf'));
    await waitFor(() => root.querySelector('[part="pdf-chosen"]')?.textContent?.includes('first.pdf'), 'the first PDF chosen');
    await pressAssign();
    choose(input, asFile(second, 'second.pdf'));
    await waitFor(() => root.querySelector('[part="pdf-chosen"]')?.textContent?.includes('second.pdf'), 'the second PDF chosen');
    await answer(sent.title);
    expect(root.querySelector('[part="pdf-chosen"]')?.textContent ?? '', 'the newer PDF is still chosen').to.contain('second.pdf');
    expect(input.files?.[0]?.name, 'the file field still holds it').to.equal('second.pdf');
    expect(field('title').value, 'the unchanged title is cleared').to.equal('');
    expect(port.all.map((m) => m.attachment?.hash)).to.deep.equal([await sha1Of(first)]);
    expect(status()).to.match(/not assigned/i);
  });

  it('the newer input, assigned next, is a second material holding it (the first stays as it was stored)', async () => {
    const { port, el, form, type, pressAssign, answer } = await clinicianForm();
    type('title', sent.title);
    type('url', sent.url);
    type('reason', sent.reason);
    await pressAssign();
    type('title', newer.title);
    type('url', newer.url);
    await answer(sent.title);
    type('reason', newer.reason);
    form.requestSubmit();
    await waitFor(() => shadowText(el).includes(`Assigned: ${newer.title}`), 'the second assignment');
    expect(port.all.map((m) => [m.title, m.url, m.reason])).to.deep.equal([
      [sent.title, sent.url, sent.reason],
      [newer.title, newer.url, newer.reason],
    ]);
  });
});
