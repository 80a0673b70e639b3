/**
 * <engage-appointment-queue> and a request that names no visit type (the FHIR spec's
 * `appointment-example-request.json`: no serviceType, no visit type of this library's model).
 * Booking needs a visit type, so the queue never offers "Book into a time" as if it could
 * work: the clinic chooses a visit type first, then its open times are listed and booking
 * or offering them stores that visit type; a clinic that lists no visit types is offered
 * only what can work (declining, with a reason the patient sees).
 *
 * Over the local FHIR server (the spec's request stored as it is, for a new Patient, beside a
 * clinic built by scheduling-world.ts; read back through FhirClient, whose requests are
 * `no-store`) and the memory port (the same request's fields).
 */
import { expect, html } from '@open-wc/testing';
import '../../src/elements/appointment-queue/appointment-queue.js';
import { FhirClient } from '../../src/adapters/fhir/index.js';
import { FhirSchedulingPort } from '../../src/adapters/fhir/scheduling-port.js';
import { EXT } from '../../src/adapters/fhir/mapping/scheduling.js';
import type { Resource } from '../../src/adapters/fhir/fhir-types.js';
import { MemorySchedulingPort } from '../../src/adapters/memory/scheduling.js';
import type { Appointment, SchedulingPort } from '../../src/adapters/ports.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { fhirEndpoints, fixture, mountFrame, setTimeZone, settled, shadowText, waitFor } from './helpers.js';
import { buildFhirWorld, buildMemoryWorld, WORLD, WORLD_NOW } from './scheduling-world.js';

interface Participant {
  actor?: { reference?: string; display?: string };
  status?: string;
}
interface Example extends Resource {
  status: string;
  created?: string;
  comment?: string;
  participant: Participant[];
  extension?: { url: string; valueReference?: { reference?: string } }[];
  slot?: { reference?: string }[];
}

let direct: FhirClient;
let request: Example; // appointment-example-request.json: proposed, no serviceType, no visit type

const text = (node: Element) => (node.textContent ?? '').replace(/\s+/g, ' ').trim();
const root = (el: Element) => el.shadowRoot!;
const announced = (el: Element) => text(root(el).querySelector('[role="status"]')!);
const cardOf = (el: Element, name: string) => [...(root(el).querySelectorAll<HTMLElement>('[part~="request"]') ?? [])].find((a) => text(a.querySelector('.subtitle')!).startsWith(name));
/** The labels of the decision radios the card offers. */
const actions = (card: Element) => [...card.querySelectorAll('input[name^="action-"]')].map((input) => text(input.closest('label')!));
const slotLabels = (card: Element) => [...card.querySelectorAll('input[name^="slot-"]')].map((input) => text(input.closest('label')!));
const button = (card: Element, label: string) => [...card.querySelectorAll('button')].find((b) => text(b) === label)!;
const patientOf = (a: Example) => a.participant.find((p) => p.actor?.reference?.startsWith('Patient/'))!;

async function mountQueue(port: SchedulingPort, name: string, lang = 'en'): Promise<HTMLElement> {
  const frame = mountFrame(html`<engage-appointment-queue lang=${lang} .adapter=${{ scheduling: port }} .session=${{ now: () => WORLD_NOW, locale: lang }}></engage-appointment-queue>`);
  const el = frame.querySelector<HTMLElement>('engage-appointment-queue')!;
  await waitFor(() => cardOf(el, name)?.querySelector('input[name^="action-"]'), 'the request');
  return el;
}

/** Chooses the visit type `id` in the card's visit-type list. */
async function chooseVisitType(el: HTMLElement, card: Element, id: string): Promise<void> {
  const select = card.querySelector('select')!;
  expect([...select.options].some((o) => o.value === id), 'the clinic’s visit type is offered').to.equal(true);
  select.value = id;
  select.dispatchEvent(new Event('change'));
  await settled(el as HTMLElement & { updateComplete: Promise<unknown> });
}

before(async () => {
  direct = new FhirClient({ baseUrl: (await fhirEndpoints()).fhirUrl });
  request = await fixture<Example>('fhir-r4/spec-examples/appointment-example-request.json');
  await setTimeZone('UTC');
});

describe('<engage-appointment-queue>: a request with no visit type (FHIR server)', () => {
  it('asks for a visit type before booking; booking then stores that type, the time and a busy slot', async () => {
    // the fixture names no visit type in any form the clinic books by
    expect(Object.keys(request)).not.to.include('serviceType');
    expect((request.extension ?? []).some((e) => e.url === EXT.visitType)).to.equal(false);
    const label = Math.random().toString(36).slice(2, 8);
    const built = await buildFhirWorld(direct, label);
    const family = `NoType${label}`;
    const patient = `Patient/${(await direct.create<Resource>({ resourceType: 'Patient', name: [{ given: ['Peter'], family }] })).body.id}`;
    const copy = structuredClone(request);
    delete copy.id;
    delete copy.slot; // the spec's Slot/example is not on this server
    patientOf(copy).actor!.reference = patient;
    const stored = (await direct.create<Example>(copy)).body;

    const port = new FhirSchedulingPort(direct, { now: () => WORLD_NOW });
    const el = await mountQueue(port, `Peter ${family}`);
    let card = cardOf(el, `Peter ${family}`)!;
    expect(text(card)).to.include('The request names no visit type. Choose one to see its open times.');
    expect(slotLabels(card), 'no times before a visit type is chosen').to.deep.equal([]);
    // saving "Book into a time" now is refused in words, and nothing is stored
    expect(actions(card)[0]).to.equal('Book into a time');
    button(card, 'Save decision').click();
    await waitFor(() => card.querySelector('[role="alert"]'), 'the refusal');
    expect(text(card.querySelector('[role="alert"]')!)).to.equal('Choose a visit type.');
    expect((await direct.read<Example>('Appointment', stored.id!)).status).to.equal(request.status);

    await chooseVisitType(el, card, built.types.consult);
    // the consult slots of the world, as it holds them: Wed 17 (Denver) and Thu 18 (Boston)
    const consults = WORLD.slots.filter((s) => s.type === 'consult');
    expect(consults).to.have.length(2);
    card = await waitFor(() => (slotLabels(cardOf(el, `Peter ${family}`)!).length === consults.length ? cardOf(el, `Peter ${family}`) : undefined), 'the consult times');
    expect(slotLabels(card)[0]).to.include('Wed, Mar 17, 2027, 10:00 AM MDT');
    await expect(el).to.be.accessible();
    card.querySelector<HTMLInputElement>('input[name^="slot-"]')!.click();
    await settled(el as HTMLElement & { updateComplete: Promise<unknown> });
    button(cardOf(el, `Peter ${family}`)!, 'Save decision').click();
    await waitFor(() => announced(el) === 'Decision saved.', 'the announcement');

    const after = await direct.read<Example>('Appointment', stored.id!);
    const slotId = built.slots[WORLD.slots.indexOf(consults[0]!)]!;
    expect(after.status).to.equal('booked');
    expect(after.slot?.[0]?.reference).to.equal(`Slot/${slotId}`);
    expect((after.extension ?? []).filter((e) => e.url === EXT.visitType).map((e) => e.valueReference?.reference)).to.deep.equal([`HealthcareService/${built.types.consult}`]);
    expect(after.comment, 'the request’s note kept').to.equal(request.comment);
    expect(String((await direct.read<Resource>('Slot', slotId)).status)).to.equal('busy');
  });
});

describe('FhirSchedulingPort: times offered for a request with no visit type (FHIR server)', () => {
  it('the request keeps the visit type chosen, so the patient accepting a time books it', async () => {
    const built = await buildFhirWorld(direct, Math.random().toString(36).slice(2, 8));
    const patient = `Patient/${(await direct.create<Resource>({ resourceType: 'Patient', name: [{ family: 'NoTypeOffer' }] })).body.id}`;
    const copy = structuredClone(request);
    delete copy.id;
    delete copy.slot;
    patientOf(copy).actor!.reference = patient;
    const stored = (await direct.create<Example>(copy)).body;
    const port = new FhirSchedulingPort(direct, { now: () => WORLD_NOW });
    const consultSlots = built.slots.filter((_, i) => WORLD.slots[i]!.type === 'consult');
    await port.decide(stored.id!, { action: 'propose', slotIds: consultSlots, visitType: built.types.consult }, { idempotencyKey: newIdempotencyKey() });
    const offered = await direct.read<Example>('Appointment', stored.id!);
    expect([offered.status, ...(offered.extension ?? []).filter((e) => e.url === EXT.visitType).map((e) => e.valueReference?.reference)]).to.deep.equal([
      'proposed',
      `HealthcareService/${built.types.consult}`,
    ]);
    const answer = await port.answerProposal(stored.id!, { action: 'accept', slotId: consultSlots[1]! }, { idempotencyKey: newIdempotencyKey() });
    expect(answer.outcome).to.equal('saved');
    const booked = await direct.read<Example>('Appointment', stored.id!);
    expect([booked.status, booked.slot?.[0]?.reference]).to.deep.equal(['booked', `Slot/${consultSlots[1]}`]);
    expect(String((await direct.read<Resource>('Slot', consultSlots[1]!)).status)).to.equal('busy');
  });
});

/** The spec request's fields as a memory-port request. */
function memoryRequest(): Appointment {
  const patient = patientOf(request);
  return { id: 'request-no-type', status: 'requested', patient: patient.actor!.reference!, patientName: patient.actor!.display!, created: request.created!, note: request.comment! };
}

describe('<engage-appointment-queue>: a request with no visit type (memory)', () => {
  it('offering times of a chosen visit type stores the type with the request, so the patient can accept one', async () => {
    const { options, built } = buildMemoryWorld();
    const port = new MemorySchedulingPort({ ...options, appointments: [memoryRequest()] });
    const name = memoryRequest().patientName!;
    const el = await mountQueue(port, name);
    let card = cardOf(el, name)!;
    (card.querySelectorAll<HTMLInputElement>('input[name^="action-"]')[1]!).click(); // "Offer times"
    await settled(el as HTMLElement & { updateComplete: Promise<unknown> });
    await chooseVisitType(el, cardOf(el, name)!, built.types.consult);
    card = await waitFor(() => (cardOf(el, name)!.querySelectorAll('input[type="checkbox"]').length ? cardOf(el, name) : undefined), 'the consult times');
    for (const box of card.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) {
      box.click(); // one click at a time, as a user's: the element renders between them
      await settled(el as HTMLElement & { updateComplete: Promise<unknown> });
    }
    button(cardOf(el, name)!, 'Save decision').click();
    await waitFor(() => announced(el) === 'Decision saved.', 'the announcement');
    const held = port.allAppointments.find((a) => a.id === 'request-no-type')!;
    const consultSlots = built.slots.filter((_, i) => WORLD.slots[i]!.type === 'consult');
    expect([held.status, held.visitType?.id, held.visitType?.name]).to.deep.equal(['proposed', built.types.consult, WORLD.types.consult.name]);
    expect((held.proposals ?? []).map((p) => p.id).sort()).to.deep.equal([...consultSlots].sort());
    const accepted = await port.answerProposal(held.id, { action: 'accept', slotId: consultSlots[0]! }, { idempotencyKey: newIdempotencyKey() });
    expect(accepted.outcome).to.equal('saved');
    const booked = port.allAppointments.find((a) => a.id === held.id)!;
    expect([booked.status, booked.slotId, booked.visitType?.id]).to.deep.equal(['booked', consultSlots[0], built.types.consult]);
  });

  it('a visit type chosen on one request keeps its times when another decision reloads the queue', async () => {
    const { options, built } = buildMemoryWorld();
    const other: Appointment = { ...memoryRequest(), id: 'request-no-type-2', patient: 'Patient/other', patientName: 'Other Patient' };
    const port = new MemorySchedulingPort({ ...options, appointments: [memoryRequest(), other] });
    const name = memoryRequest().patientName!;
    const el = await mountQueue(port, name);
    await chooseVisitType(el, cardOf(el, name)!, built.types.consult);
    const consults = WORLD.slots.filter((s) => s.type === 'consult').length;
    await waitFor(() => slotLabels(cardOf(el, name)!).length === consults, 'the consult times');
    // the other request is declined: the queue reloads
    const otherCard = cardOf(el, 'Other Patient')!;
    otherCard.querySelectorAll<HTMLInputElement>('input[name^="action-"]')[2]!.click();
    await settled(el as HTMLElement & { updateComplete: Promise<unknown> });
    const reason = cardOf(el, 'Other Patient')!.querySelector('textarea')!;
    reason.value = 'Please call us.';
    reason.dispatchEvent(new Event('input'));
    await settled(el as HTMLElement & { updateComplete: Promise<unknown> });
    button(cardOf(el, 'Other Patient')!, 'Save decision').click();
    await waitFor(() => announced(el) === 'Decision saved.' && !cardOf(el, 'Other Patient') && cardOf(el, name), 'the reloaded queue');
    expect(cardOf(el, name)!.querySelector('select')!.value).to.equal(built.types.consult);
    expect(slotLabels(cardOf(el, name)!)).to.have.length(consults);
  });

  it('a clinic that lists no visit types is offered only declining, in words (English and Spanish), and the decline is stored', async () => {
    const port = new MemorySchedulingPort({ appointments: [memoryRequest()], now: () => WORLD_NOW });
    const name = memoryRequest().patientName!;
    const el = await mountQueue(port, name);
    const card = cardOf(el, name)!;
    expect(actions(card)).to.deep.equal(['Decline']);
    expect(text(card)).to.include('The request names no visit type, and the clinic lists none, so it cannot be booked here.');
    expect(text(card)).not.to.include('Book into a time');
    const reason = card.querySelector('textarea')!;
    reason.value = 'Please call us to choose a visit.';
    reason.dispatchEvent(new Event('input'));
    await settled(el as HTMLElement & { updateComplete: Promise<unknown> });
    button(cardOf(el, name)!, 'Save decision').click();
    await waitFor(() => announced(el) === 'Decision saved.', 'the announcement');
    expect(port.allAppointments.map((a) => [a.status, a.statusReason])).to.deep.equal([['declined', 'Please call us to choose a visit.']]);

    const es = await mountQueue(new MemorySchedulingPort({ appointments: [memoryRequest()], now: () => WORLD_NOW }), name, 'es');
    await waitFor(() => shadowText(es).includes('Pedidos de citas'), 'the Spanish strings');
    expect(shadowText(es)).to.include('El pedido no indica el tipo de visita y la clínica no tiene ninguno, así que no se puede reservar aquí.');
    expect(actions(cardOf(es, name)!)).to.deep.equal(['Rechazar']);
    await expect(es).to.be.accessible();
  });
});
