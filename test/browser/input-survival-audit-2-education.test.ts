/**
 * Input-survival audit, part 2: <engage-education>'s "Assign a material" (a clinician) over
 * the memory port, whose ledger applies a write and then loses its answer. The form keeps
 * what was typed and says the material was NOT assigned; the clinician corrects the reason
 * and assigns again: one material, holding the corrected reason. Counted on the port.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/education/education.js';
import type { EngageEducation } from '../../src/elements/education/education.component.js';
import { MemoryEducationPort } from '../../src/adapters/memory/education.js';
import { waitFor } from './helpers.js';

const PATIENT = 'Patient/p1';
const NOW = () => new Date(2026, 11, 2, 10, 0, 0);

async function assignForm() {
  const port = new MemoryEducationPort({ materials: [], assignedBy: 'Dr. Lee', now: NOW });
  const el = await mount<EngageEducation>(
    html`<engage-education .adapter=${{ education: port }} .session=${{ patient: PATIENT, locale: 'en', now: NOW, role: 'clinician' }}></engage-education>`,
  );
  const form = await waitFor(() => el.shadowRoot!.querySelector<HTMLFormElement>('[part="assign-form"]'), 'the assign form');
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
  field('title').value = 'Salt and blood pressure';
  field('url').value = 'https://kb.test/salt';
  field('reason').value = 'Less salt helps';
  port.loseAnswers(1);
  form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
  const alert = await waitFor(() => form.querySelector('[role="alert"]'), 'the failure');
  return { port, el, form, field, alert };
}

describe('input survival 2: education "Assign" whose answer is lost', () => {
  it('keeps the fields; the corrected retry stores one material, holding the corrected reason', async () => {
    const { port, el, form, field } = await assignForm();
    expect(['title', 'url', 'reason'].map((n) => field(n).value), 'the fields are kept').to.deep.equal([
      'Salt and blood pressure',
      'https://kb.test/salt',
      'Less salt helps',
    ]);
    field('reason').value = 'Less salt lowers your blood pressure';
    form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitFor(() => (el.shadowRoot!.textContent ?? '').includes('Assigned: Salt and blood pressure'), 'the assignment');
    expect(port.all.map((m) => `${m.title}: ${m.reason}`)).to.deep.equal(['Salt and blood pressure: Less salt lowers your blood pressure']);
  });

  it('says in its alert that the material was not assigned', async () => {
    const { alert } = await assignForm();
    expect((alert.textContent ?? '').replace(/\s+/g, ' ').trim(), 'the alert').to.match(/not (been )?assigned/i);
  });

  it('"Mark as read" that fails leaves focus on a control of the element, not on <body>', async () => {
    // answers come after a moment, as a server's do: the button is disabled meanwhile
    const material = { id: 'a', patient: PATIENT, title: 'Walking plan', url: 'https://kb.test/walk', assigned: '2026-11-20T10:00:00Z' };
    const port = new MemoryEducationPort({ materials: [material], now: NOW }, { latencyMs: 100 });
    const el = await mount<EngageEducation>(
      html`<engage-education .adapter=${{ education: port }} .session=${{ patient: PATIENT, locale: 'en', now: NOW, role: 'patient' }}></engage-education>`,
    );
    const root = el.shadowRoot!;
    const button = await waitFor(() => root.querySelector<HTMLButtonElement>('[part~="mark-read-button"]'), 'the material');
    port.loseAnswers(1);
    button.focus();
    button.click();
    await waitFor(() => root.querySelector('[part~="material"] [role="alert"]'), 'the failure');
    await el.updateComplete;
    const focused = root.activeElement;
    expect(focused !== null, `focus is inside the element (now on ${focused ? focused.outerHTML.slice(0, 50) : `<${document.activeElement?.localName}>`})`).to.equal(true);
  });
});
