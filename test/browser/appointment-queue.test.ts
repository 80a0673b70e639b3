/**
 * <engage-appointment-queue> against the local FHIR server (asserted on the server with
 * direct reads) and the memory port: approving a request into a slot, proposing other
 * times (which the patient's <engage-appointments> then offers), declining with a reason —
 * each by keyboard alone, announced, with focus left on something meaningful. A dropped
 * answer during approve books once; Spanish, axe and 320 px.
 */
import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/appointment-queue/appointment-queue.js';
import '../../src/elements/appointments/appointments.js';
import { FhirClient } from '../../src/adapters/fhir/index.js';
import { FhirSchedulingPort } from '../../src/adapters/fhir/scheduling-port.js';
import { EXT } from '../../src/adapters/fhir/mapping/scheduling.js';
import type { Resource } from '../../src/adapters/fhir/fhir-types.js';
import { MemorySchedulingPort } from '../../src/adapters/memory/scheduling.js';
import type { SchedulingPort } from '../../src/adapters/ports.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { fhirEndpoints, mountFrame, setFault, setTimeZone, settled, shadowText, waitFor } from './helpers.js';
import { buildFhirWorld, buildMemoryWorld, WORLD_NOW, type BuiltWorld } from './scheduling-world.js';

/** What a test needs from a backend: a port, a request waiting in it, and what it stored. */
interface Stored {
  status: string;
  slot?: string;
  reason?: string;
  proposed: string[];
}
interface World {
  port: SchedulingPort;
  built: BuiltWorld;
  /** The request's id and the patient's name as the queue shows it. */
  request: { id: string; patient: string; name: string };
  /** The request as the backend holds it (FHIR: read straight from the server). */
  stored(): Promise<Stored>;
  slotStatus(slotId: string): Promise<string>;
  /** How many booked appointments hold the slot. */
  bookedOn(slotId: string): Promise<number>;
}

let fhirUrl: string;
let proxyUrl: string;

/** A fresh clinic on the FHIR server (its own codes), with one consult request waiting. */
async function fhirWorld(): Promise<World> {
  const direct = new FhirClient({ baseUrl: fhirUrl });
  const label = Math.random().toString(36).slice(2, 8);
  const built = await buildFhirWorld(direct, label);
  const name = `Ada Queue${label}`;
  const patient = `Patient/${(await direct.create<Resource>({ resourceType: 'Patient', name: [{ given: ['Ada'], family: `Queue${label}` }] })).body.id}`;
  const port = new FhirSchedulingPort(new FhirClient({ baseUrl: proxyUrl, maxRetries: 0 }), { now: () => WORLD_NOW });
  const request = await port.request(patient, { visitType: built.types.consult, preferences: { days: ['wed'], times: ['morning'] }, note: 'Knee pain' }, { idempotencyKey: newIdempotencyKey() });
  return {
    port,
    built,
    request: { id: request.id, patient, name },
    async stored() {
      const resource = await direct.read<Resource>('Appointment', request.id);
      const reason = resource.cancelationReason as { coding?: { code?: string }[]; text?: string } | undefined;
      const declined = reason?.coding?.some((c) => c.code === 'declined');
      return {
        status: resource.status === 'cancelled' && declined ? 'declined' : String(resource.status),
        slot: (resource.slot as { reference: string }[] | undefined)?.[0]?.reference.replace('Slot/', ''),
        reason: reason?.text,
        proposed: ((resource.extension ?? []) as { url: string; valueReference?: { reference: string } }[])
          .filter((e) => e.url === EXT.proposedSlot)
          .map((e) => e.valueReference!.reference.replace('Slot/', '')),
      };
    },
    async slotStatus(slotId) {
      return String((await direct.read<Resource>('Slot', slotId)).status);
    },
    async bookedOn(slotId) {
      return (await direct.searchAll('Appointment', { slot: `Slot/${slotId}`, status: 'booked', _count: 10 })).resources.length;
    },
  };
}

/** The same clinic in memory, with the same request. */
async function memoryWorld(): Promise<World> {
  const { options, built } = buildMemoryWorld();
  const patient = 'Patient/ada';
  const name = 'Ada Queue';
  const port = new MemorySchedulingPort({ ...options, patientNames: { [patient]: name } });
  const request = await port.request(patient, { visitType: built.types.consult, preferences: { days: ['wed'], times: ['morning'] }, note: 'Knee pain' }, { idempotencyKey: newIdempotencyKey() });
  const held = () => port.allAppointments.find((a) => a.id === request.id)!;
  return {
    port,
    built,
    request: { id: request.id, patient, name },
    async stored() {
      const a = held();
      return { status: a.status, slot: a.slotId, reason: a.statusReason, proposed: (a.proposals ?? []).map((s) => s.id) };
    },
    async slotStatus(slotId) {
      return port.allSlots.find((s) => s.id === slotId)!.status;
    },
    async bookedOn(slotId) {
      return port.allAppointments.filter((a) => a.slotId === slotId && a.status === 'booked').length;
    },
  };
}

type Queue = HTMLElement & { updateComplete: Promise<unknown> };
const root = (el: Element) => el.shadowRoot!;
const focused = (el: Element) => root(el).activeElement as HTMLElement | null;
const announced = (el: Element) => root(el).querySelector('[role="status"]')!.textContent!.trim();
/** The request's card, found by the patient's name. */
const card = (el: Element, name: string) => [...root(el).querySelectorAll<HTMLElement>('[part~="request"]')].find((a) => a.textContent!.includes(name));
const text = (node: Element) => node.textContent!.replace(/\s+/g, ' ').trim();

async function mountQueue(world: World, locale = 'en', style = ''): Promise<Queue> {
  const frame = mountFrame(
    html`<engage-appointment-queue lang=${locale} .adapter=${{ scheduling: world.port }} .session=${{ now: () => WORLD_NOW, locale }}></engage-appointment-queue>`,
    style,
  );
  const el = frame.querySelector<Queue>('engage-appointment-queue')!;
  await waitFor(() => card(el, world.request.name)?.querySelector('input[name^="slot-"]'), 'the request with its open times');
  return el;
}

/** The slot input of the request whose label names `when` (clinic time, as the world holds it). */
const slotInput = (el: Element, world: World, when: string) =>
  [...card(el, world.request.name)!.querySelectorAll('label')].find((l) => text(l).includes(when))!.querySelector('input')!;

/** Focus lands on a request card (the next one) or the title, never nowhere. */
function focusIsMeaningful(el: Element): void {
  const at = focused(el);
  expect(at !== null, 'focus inside the queue').to.equal(true);
  expect(at!.matches('[part~="request"], #title'), `focus on a request or the title, not ${at!.outerHTML.slice(0, 80)}`).to.equal(true);
}

/** The queue has loaded again, and the request decided is no longer in it. */
const reloadedWithout = (el: Element, world: World) => !root(el).querySelector('[part~="loading"]') && !card(el, world.request.name) && root(el).querySelector('#title');

/** The decision radios of the request: approve, offer times, decline. */
const decisionRadios = (el: Element, world: World) => [...card(el, world.request.name)!.querySelectorAll<HTMLInputElement>('input[name^="action-"]')];

/** With focus in the request's note: types `note`, tabs to the save button and presses it; waits until the queue has taken the decision. */
async function saveWithNote(el: Queue, world: World, note: string): Promise<void> {
  expect(focused(el)?.localName).to.equal('textarea');
  await sendKeys({ type: note });
  await sendKeys({ press: 'Tab' });
  await sendKeys({ press: 'Enter' });
  await waitFor(() => announced(el) === 'Decision saved.', 'the announcement');
  await waitFor(() => reloadedWithout(el, world), 'the queue reloaded without the request');
  await settled(el);
  focusIsMeaningful(el);
}

const backends: [string, () => Promise<World>][] = [
  ['memory', memoryWorld],
  ['FHIR server', fhirWorld],
];

before(async () => {
  ({ fhirUrl, proxyUrl } = await fhirEndpoints());
  await setTimeZone('UTC');
});
afterEach(() => setFault(undefined));

for (const [backend, makeWorld] of backends) {
  describe(`<engage-appointment-queue> over the ${backend}`, () => {
    it('approves a request into a slot by keyboard: booked, the slot busy, announced, focus kept', async () => {
      const world = await makeWorld();
      const el = await mountQueue(world);
      const item = card(el, world.request.name)!;
      expect(text(item)).to.include('Wednesday, Morning').and.include('Knee pain');
      decisionRadios(el, world)[0]!.focus();
      expect(decisionRadios(el, world)[0]!.checked, '"Book into a time" is the default').to.equal(true);
      await sendKeys({ press: 'Tab' }); // the first open time (Ben, Denver, Mar 17)
      expect(focused(el)).to.equal(slotInput(el, world, 'Wed, Mar 17, 2027, 10:00 AM MDT'));
      await sendKeys({ press: 'ArrowDown' }); // the next one (Ana, Boston, Mar 18), checked as it gets focus
      await settled(el);
      expect(slotInput(el, world, 'Thu, Mar 18, 2027, 10:00 AM EDT').checked).to.equal(true);
      await sendKeys({ press: 'Tab' });
      expect(text(focused(el)!)).to.equal('Save decision');
      await sendKeys({ press: 'Enter' });
      await waitFor(() => announced(el) === 'Decision saved.', 'the announcement');
      await waitFor(() => reloadedWithout(el, world), 'the queue reloaded without the request');
      await settled(el);
      focusIsMeaningful(el);
      const slot = world.built.slots[8]!;
      expect(await world.stored()).to.deep.include({ status: 'booked', slot });
      expect(await world.slotStatus(slot)).to.equal('busy');
      expect(await world.bookedOn(slot)).to.equal(1);
    });

    it('proposes two times by keyboard; the patient then sees them offered', async () => {
      const world = await makeWorld();
      const el = await mountQueue(world);
      decisionRadios(el, world)[0]!.focus();
      await sendKeys({ press: 'ArrowRight' }); // "Offer times"
      await settled(el);
      expect(decisionRadios(el, world)[1]!.checked).to.equal(true);
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Space' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Space' });
      await settled(el);
      await sendKeys({ press: 'Tab' });
      await saveWithNote(el, world, 'Would either of these work?');
      const stored = await world.stored();
      expect(stored.proposed.sort()).to.deep.equal([world.built.slots[7]!, world.built.slots[8]!].sort());

      // the patient's side
      const frame = mountFrame(
        html`<engage-appointments lang="en" .adapter=${{ scheduling: world.port }} .session=${{ patient: world.request.patient, now: () => WORLD_NOW }}></engage-appointments>`,
      );
      const patientView = frame.querySelector('engage-appointments')!;
      await waitFor(() => root(patientView).querySelectorAll('button.proposal').length === 2, 'the proposed times');
      const offered = [...root(patientView).querySelectorAll('button.proposal')].map((b) => text(b));
      expect(offered[0]).to.include('Wed, Mar 17, 2027, 10:00 AM MDT');
      expect(offered[1]).to.include('Thu, Mar 18, 2027, 10:00 AM EDT');
      expect(shadowText(patientView)).to.include('Would either of these work?');
    });

    it('declines with a reason by keyboard: the reason is stored for the patient', async () => {
      const world = await makeWorld();
      const el = await mountQueue(world);
      decisionRadios(el, world)[0]!.focus();
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ press: 'ArrowRight' }); // "Decline"
      await settled(el);
      expect(decisionRadios(el, world)[2]!.checked).to.equal(true);
      await sendKeys({ press: 'Tab' });
      await saveWithNote(el, world, 'Please see your own doctor first.');
      expect(await world.stored()).to.deep.include({ status: 'declined', reason: 'Please see your own doctor first.' });
    });
  });
}

describe('<engage-appointment-queue> under faults (FHIR server)', () => {
  it('an approve whose answer was dropped, saved again: booked once, one decision on the server', async () => {
    const world = await fhirWorld();
    const el = await mountQueue(world);
    const slot = world.built.slots[7]!;
    slotInput(el, world, 'Wed, Mar 17, 2027, 10:00 AM MDT').click();
    await settled(el);
    await setFault({ kind: 'drop-after', count: 1, methods: ['POST'], bodyContains: '"transaction"' });
    const save = () => [...card(el, world.request.name)!.querySelectorAll('button')].find((b) => text(b) === 'Save decision')!;
    save().click();
    await waitFor(() => card(el, world.request.name)?.querySelector('[role="alert"]'), 'the failure');
    expect(text(card(el, world.request.name)!.querySelector('[role="alert"]')!)).to.include('The decision was not saved.');
    expect(slotInput(el, world, 'Wed, Mar 17, 2027, 10:00 AM MDT').checked, 'the chosen time kept').to.equal(true);
    await setFault(undefined);
    save().click();
    await waitFor(() => announced(el) === 'Decision saved.', 'the announcement');
    expect(await world.bookedOn(slot)).to.equal(1);
    expect(await world.stored()).to.deep.include({ status: 'booked', slot });
    const direct = new FhirClient({ baseUrl: fhirUrl });
    const responses = await direct.searchAll('AppointmentResponse', { appointment: `Appointment/${world.request.id}`, _count: 10 });
    expect(responses.resources).to.have.length(1);
  });
});

describe('<engage-appointment-queue> in Spanish at 320 px', () => {
  it('speaks Spanish, reflows at 320 px, is axe-clean, and announces a decision', async () => {
    const world = await memoryWorld();
    const el = await mountQueue(world, 'es', 'width: 320px');
    // Spanish loads on demand: the first frame may be English
    await waitFor(() => shadowText(el).includes('Pedidos de citas'), 'the Spanish strings');
    expect(shadowText(el)).to.include('Pedidos de citas').and.include('Guardar la decisión').and.include('Reservar en una hora');
    const base = root(el).querySelector<HTMLElement>('[part~="base"]')!;
    expect(base.scrollWidth).to.be.at.most(base.clientWidth);
    expect(base.getBoundingClientRect().width).to.be.at.most(320);
    await expect(el).to.be.accessible();
    decisionRadios(el, world)[2]!.click();
    await settled(el);
    const reason = card(el, world.request.name)!.querySelector('textarea')!;
    reason.value = 'Llame a la clínica, por favor.';
    reason.dispatchEvent(new Event('input'));
    await settled(el);
    [...card(el, world.request.name)!.querySelectorAll('button')].find((b) => text(b) === 'Guardar la decisión')!.click();
    await waitFor(() => announced(el) === 'Decisión guardada.', 'the Spanish announcement');
    expect(await world.stored()).to.deep.include({ status: 'declined', reason: 'Llame a la clínica, por favor.' });
  });
});
