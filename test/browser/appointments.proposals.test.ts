/**
 * <engage-appointments> over the memory port: the times a clinic proposed (accept, one
 * taken meanwhile, decline with a note), Spanish, 320 px and axe; and the pre-visit
 * questionnaire its visit type links, rendered on demand.
 */
import { expect } from '@open-wc/testing';
import { MemorySchedulingPort } from '../../src/adapters/memory/scheduling.js';
import { MemoryQuestionnairePort } from '../../src/adapters/memory/questionnaires.js';
import type { Questionnaire } from '../../src/adapters/ports.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { fixture, setTimeZone, shadowText, waitFor } from './helpers.js';
import { buildMemoryWorld } from './scheduling-world.js';
import { PATIENT, announced, buttonByText, click, root, setup } from './appointments-harness.js';

describe('<engage-appointments> times the clinic proposed', () => {
  before(() => setTimeZone('UTC'));

  /** Ada asked for a consult; the clinic proposed Ben's Denver time (slot 7) and Ana's Boston one (slot 8). */
  async function proposed(lang = 'en') {
    const { options, built } = buildMemoryWorld();
    const port = new MemorySchedulingPort(options);
    const request = await port.request(PATIENT, { visitType: 'consult', preferences: { days: ['wed'], times: [] } }, { idempotencyKey: newIdempotencyKey() });
    await port.decide(request.id, { action: 'propose', slotIds: [built.slots[7]!, built.slots[8]!], message: 'Either of these?' }, { idempotencyKey: newIdempotencyKey() });
    const { el } = await setup({ port, lang });
    await waitFor(() => root(el).querySelectorAll('button.proposal').length === 2, 'the proposed times');
    return { el, port, built, request };
  }

  it('shows the proposed times in the clinic zones; one taken meanwhile is said so and drops out; another books', async () => {
    const { el, port, built, request } = await proposed();
    const times = () => [...root(el).querySelectorAll('button.proposal')].map((b) => b.textContent!.replace(/\s+/g, ' ').trim());
    expect(times()).to.deep.equal(['Wed, Mar 17, 2027, 10:00 AM MDT · Ben Ortiz · Peak Clinic', 'Thu, Mar 18, 2027, 10:00 AM EDT · Ana Lee · Harbor Clinic']);
    expect(shadowText(el)).to.include('Either of these?');
    // the clinic gives the Boston time to someone else first
    const other = await port.request('Patient/bo', { visitType: 'consult', preferences: { days: [], times: [] } }, { idempotencyKey: newIdempotencyKey() });
    await port.decide(other.id, { action: 'approve', slotId: built.slots[8]! }, { idempotencyKey: newIdempotencyKey() });
    root(el).querySelector<HTMLButtonElement>(`button.proposal[data-slot="${built.slots[8]}"]`)!.click();
    await waitFor(() => announced(el) === 'That time was just taken. Pick another time.', 'the just-taken announcement');
    await waitFor(() => root(el).querySelectorAll('button.proposal').length === 1, 'the taken time gone');
    root(el).querySelector<HTMLButtonElement>(`button.proposal[data-slot="${built.slots[7]}"]`)!.click();
    await waitFor(() => shadowText(el).includes('Booked'), 'the booked visit');
    expect(announced(el)).to.equal('Booked: Wed, Mar 17, 2027, 10:00 AM MDT');
    const held = port.allAppointments.find((a) => a.id === request.id)!;
    expect([held.status, held.slotId]).to.deep.equal(['booked', built.slots[7]]);
    expect(port.allSlots.find((s) => s.id === built.slots[7])!.status).to.equal('busy');
  });

  it('declines them with a note: the request goes back to the clinic', async () => {
    const { el, port, request } = await proposed();
    await click(el, 'None of these work');
    const note = root(el).querySelector<HTMLTextAreaElement>(`#decline-note-${request.id}`)!;
    expect(root(el).activeElement === note, 'focus on the note').to.equal(true);
    note.value = 'Only after 3 pm, please.';
    note.dispatchEvent(new Event('input'));
    await click(el, 'Ask for other times');
    await waitFor(() => shadowText(el).includes('Waiting for the clinic'), 'the request waiting again');
    expect(announced(el)).to.equal('The clinic was asked for other times.');
    const held = port.allAppointments.find((a) => a.id === request.id)!;
    expect([held.status, held.note, held.proposals]).to.deep.equal(['requested', 'Only after 3 pm, please.', undefined]);
  });

  it('speaks Spanish, is accessible and reflows at 320 px', async () => {
    const { el } = await proposed('es');
    await waitFor(() => shadowText(el).includes('La clínica le ofreció estas horas'), 'Spanish');
    expect(shadowText(el)).to.include('Ninguna me sirve');
    expect(shadowText(el)).to.include('mié, 17 mar 2027');
    el.style.width = '320px';
    el.style.display = 'block';
    await el.updateComplete;
    const base = root(el).querySelector<HTMLElement>('[part="base"]')!;
    expect(base.scrollWidth).to.be.at.most(base.clientWidth);
    await expect(el).to.be.accessible();
  });
});

describe('<engage-appointments> pre-visit questionnaire', () => {
  before(() => setTimeZone('UTC'));

  it('offers the questionnaire its visit type links on a booked visit and renders it on demand', async () => {
    const phq9 = { ...(await fixture<Questionnaire>('questionnaires/lforms-phq9.json')), id: 'phq9' };
    const { options, built } = buildMemoryWorld();
    const checkup = options.visitTypes!.find((t) => t.id === 'checkup')!;
    checkup.questionnaire = 'Questionnaire/phq9';
    const port = new MemorySchedulingPort(options);
    await port.book(PATIENT, { slotId: built.slots[2]!, visitType: 'checkup' }, { idempotencyKey: newIdempotencyKey() });
    const questionnaires = new MemoryQuestionnairePort({ questionnaires: [phq9] });
    const { el } = await setup({ port, adapter: { questionnaires } });
    const open = await waitFor(() => buttonByText(el, 'Fill in before your visit'), 'the questionnaire button');
    expect(open.getAttribute('aria-expanded')).to.equal('false');
    expect(Boolean(root(el).querySelector('engage-questionnaire')), 'the questionnaire before opening').to.equal(false);
    open.click();
    const form = await waitFor(() => root(el).querySelector('engage-questionnaire'), 'the questionnaire element');
    expect(customElements.get('engage-questionnaire')).to.not.equal(undefined);
    expect(open.getAttribute('aria-expanded')).to.equal('true');
    // the first question of the PHQ-9 fixture
    await waitFor(() => (form.shadowRoot?.textContent ?? '').includes(phq9.item![0]!.text!), 'the first question');
  });
});
