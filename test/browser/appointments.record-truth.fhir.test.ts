/**
 * <engage-appointments> and <engage-appointment-queue> show what the Appointment says, over
 * the local FHIR server: a `pending` one (a time set, not yet confirmed by everyone) is
 * never "the clinic offered times" and allows only cancelling; a request or a pending one
 * that waits for the patient's answer says so, and is not the patient's to withdraw; a
 * clinician who declined is not shown as attending; a Location known only by its
 * reference's display is still "Where"; the clinician's day list says each visit's status
 * in words and leaves out a visit the clinician declined; the clinic's queue says a request
 * names no visit type (rather than "no open times") and labels a note the patient's only
 * when the record says so (appointment-queue.no-visit-type.test.ts: what it offers then).
 *
 * The records are the FHIR spec's Appointment examples, stored on the server with only the
 * fields a case needs changed (a new Patient per test, and a new Practitioner for the day
 * list, so nothing another test writes is counted); expectations are read from the JSON.
 */
import { expect, html } from '@open-wc/testing';
import '../../src/elements/appointments/appointments.js';
import '../../src/elements/appointment-queue/appointment-queue.js';
import { FhirClient } from '../../src/adapters/fhir/index.js';
import { FhirSchedulingPort } from '../../src/adapters/fhir/scheduling-port.js';
import type { Resource } from '../../src/adapters/fhir/fhir-types.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { fhirEndpoints, fixture, mountFrame, setTimeZone, settled, waitFor } from './helpers.js';
import { buildFhirWorld } from './scheduling-world.js';

interface Participant {
  actor?: { reference?: string; display?: string };
  status?: string;
  [key: string]: unknown;
}
interface Example extends Resource {
  status: string;
  start?: string;
  comment?: string;
  participant: Participant[];
}

let direct: FhirClient;
let booked: Example; // appointment-example.json: booked; the patient, Practitioner/example and Location/1 all accepted
let request: Example; // appointment-example-request.json: proposed; the patient needs-action; no visit type

const text = (node: Element) => (node.textContent ?? '').replace(/\s+/g, ' ').trim();
const participant = (a: Example, type: string) => a.participant.find((p) => p.actor?.reference?.startsWith(`${type}/`))!;

/** A new Patient with a name no other test uses. */
async function newPatient(): Promise<{ ref: string; name: string }> {
  const family = `Truth${Math.random().toString(36).slice(2, 8)}`;
  const created = await direct.create<Resource>({ resourceType: 'Patient', name: [{ given: ['Peter'], family }] });
  return { ref: `Patient/${created.body.id}`, name: `Peter ${family}` };
}

/** Stores a copy of `example` for `patient` (its patient participant's reference), with `change` applied. */
async function store(example: Example, patient: string, change: (copy: Example) => void = () => {}): Promise<Example> {
  const copy = structuredClone(example);
  delete copy.id;
  participant(copy, 'Patient').actor!.reference = patient;
  change(copy);
  return (await direct.create<Example>(copy)).body;
}

/** The patient's list, the clinic's clock and the element's own a day before the example's start. */
async function patientView(patient: string, lang = 'en') {
  const now = new Date(Date.parse(booked.start!) - 24 * 3600_000);
  const port = new FhirSchedulingPort(direct, { now: () => now });
  const frame = mountFrame(
    html`<engage-appointments lang=${lang} time-zone="UTC" .adapter=${{ scheduling: port }} .session=${{ patient, now: () => now, locale: lang }}></engage-appointments>`,
  );
  const el = frame.querySelector('engage-appointments')!;
  await waitFor(() => el.shadowRoot?.querySelector('[part~="appointment"]'), 'the visit');
  return el;
}

const card = (el: Element, id: string) => el.shadowRoot!.querySelector<HTMLElement>(`#appointment-${CSS.escape(id)}`)!;
const buttons = (node: Element) => [...node.querySelectorAll('button')].map(text);
/** The card's "With" / "Where" rows, by their label. */
const row = (node: Element, label: string) => [...node.querySelectorAll('dl > div')].find((d) => text(d.querySelector('dt')!) === label)?.querySelector('dd');
/** The text of that row, '' when there is none. */
const rowText = (node: Element, label: string) => {
  const dd = row(node, label);
  return dd ? text(dd) : '';
};

before(async () => {
  direct = new FhirClient({ baseUrl: (await fhirEndpoints()).fhirUrl });
  booked = await fixture<Example>('fhir-r4/spec-examples/appointment-example.json');
  request = await fixture<Example>('fhir-r4/spec-examples/appointment-example-request.json');
  await setTimeZone('UTC');
});

const announced = (el: Element) => text(el.shadowRoot!.querySelector('[role="status"]')!);

describe('<engage-appointments>: a pending appointment and whose answer a visit waits for (FHIR server)', () => {
  it('a pending one is not "the clinic offered times": its time, "Not confirmed yet", and only cancelling, which the server stores', async () => {
    const patient = await newPatient();
    const stored = await store(booked, patient.ref, (a) => (a.status = 'pending'));
    const el = await patientView(patient.ref);
    const item = card(el, stored.id!);
    expect(text(item)).to.include('Not confirmed yet').and.include('Tue, Dec 10, 2013, 9:00 AM UTC');
    expect(text(item)).not.to.include('The clinic offered times').and.not.to.include('The times the clinic offered have been taken');
    expect(text(item)).not.to.include('Waiting for your answer');
    expect(buttons(item)).to.deep.equal(['Cancel visit']);
    item.querySelector('button')!.click();
    await settled(el);
    const confirm = await waitFor(() => [...card(el, stored.id!).querySelectorAll('button')].find((b) => text(b) === 'Yes, cancel this visit'), 'the confirmation');
    confirm.click();
    await waitFor(() => announced(el) === 'Your visit was cancelled.', 'the cancellation');
    expect((await direct.read<Example>('Appointment', stored.id!)).status).to.equal('cancelled');
  });

  it('cancelling a pending one frees the slot it holds; a slot the server no longer has does not stop it', async () => {
    const patient = await newPatient();
    const port = new FhirSchedulingPort(direct, { now: () => new Date(Date.parse(booked.start!) - 24 * 3600_000) });
    const slot = (await direct.create<Resource & { status: string }>({ resourceType: 'Slot', schedule: { reference: 'Schedule/example' }, status: 'busy-tentative', start: booked.start!, end: (booked as Example & { end: string }).end })).body;
    const held = await store(booked, patient.ref, (a) => ((a.status = 'pending'), ((a as Example & { slot: unknown }).slot = [{ reference: `Slot/${slot.id}` }])));
    await port.cancel(held.id!, undefined, { idempotencyKey: newIdempotencyKey() });
    expect((await direct.read<Example>('Appointment', held.id!)).status).to.equal('cancelled');
    expect((await direct.read<Resource & { status: string }>('Slot', slot.id!)).status).to.equal('free');
    const dangling = await store(booked, patient.ref, (a) => ((a.status = 'pending'), ((a as Example & { slot: unknown }).slot = [{ reference: 'Slot/no-such-slot' }])));
    await port.cancel(dangling.id!, undefined, { idempotencyKey: newIdempotencyKey() });
    expect((await direct.read<Example>('Appointment', dangling.id!)).status).to.equal('cancelled');
  });

  it("a pending one the patient has not accepted waits for the patient's answer (English and Spanish, axe)", async () => {
    expect(participant(booked, 'Patient').status).to.equal('accepted');
    const patient = await newPatient();
    const stored = await store(booked, patient.ref, (a) => ((a.status = 'pending'), (participant(a, 'Patient').status = 'needs-action')));
    const el = await patientView(patient.ref);
    const item = card(el, stored.id!);
    expect(text(item)).to.include('Waiting for your answer').and.include('Please call the clinic to give your answer.');
    expect(text(item)).not.to.include('Not confirmed yet').and.not.to.include('The clinic offered times');
    expect(buttons(item)).to.deep.equal(['Cancel visit']);
    await expect(el).to.be.accessible();

    const es = await patientView(patient.ref, 'es');
    await waitFor(() => text(card(es, stored.id!)).includes('Esperando su respuesta'), 'the Spanish status');
    expect(text(card(es, stored.id!))).to.include('Llame a la clínica para dar su respuesta.');
    expect(buttons(card(es, stored.id!))).to.deep.equal(['Cancelar la visita']);
  });

  it("the spec's request, its patient needs-action, waits for the patient's answer and is not the patient's to withdraw", async () => {
    expect(participant(request, 'Patient').status).to.equal('needs-action');
    const patient = await newPatient();
    const stored = await store(request, patient.ref);
    const el = await patientView(patient.ref);
    const item = card(el, stored.id!);
    expect(text(item)).to.include('Waiting for your answer').and.include('Please call the clinic to give your answer.');
    expect(text(item)).not.to.include('Waiting for the clinic');
    expect(buttons(item)).not.to.include('Withdraw request');
    expect(buttons(item)).to.deep.equal([]);
    // the same request the patient made (accepted) waits for the clinic and can be withdrawn
    const own = await store(request, patient.ref, (a) => (participant(a, 'Patient').status = 'accepted'));
    const again = await patientView(patient.ref);
    const ownItem = await waitFor(() => card(again, own.id!), 'the own request');
    expect(text(ownItem)).to.include('Waiting for the clinic').and.not.include('Waiting for your answer');
    expect(buttons(ownItem)).to.deep.equal(['Withdraw request']);
  });
});

describe('<engage-appointments>: who attends and where (FHIR server)', () => {
  it("a Location known only by its reference's display is shown as Where", async () => {
    const patient = await newPatient();
    const stored = await store(booked, patient.ref);
    const el = await patientView(patient.ref);
    expect(rowText(card(el, stored.id!), 'Where')).to.equal(participant(booked, 'Location').actor!.display);
  });

  it('a clinician who declined is not shown as attending', async () => {
    const practitioner = participant(booked, 'Practitioner');
    const patient = await newPatient();
    const accepted = await store(booked, patient.ref);
    const declined = await store(booked, patient.ref, (a) => (participant(a, 'Practitioner').status = 'declined'));
    const el = await patientView(patient.ref);
    await waitFor(() => card(el, declined.id!) && card(el, accepted.id!), 'both visits');
    expect(rowText(card(el, accepted.id!), 'With')).to.equal(practitioner.actor!.display);
    expect(Boolean(row(card(el, declined.id!), 'With')), 'a "With" row').to.equal(false);
    expect(text(card(el, declined.id!))).not.to.include(practitioner.actor!.display!);
  });
});

describe('<engage-appointment-queue> (FHIR server)', () => {
  it('the day list says each visit’s status in words', async () => {
    // the statuses the day list lists, and the words the clinic reads
    const words: Record<string, string> = { booked: 'Booked', arrived: 'Checked in', 'checked-in': 'Checked in', fulfilled: 'Completed', noshow: 'No-show' };
    const practitioner = `Practitioner/${(await direct.create<Resource>({ resourceType: 'Practitioner' })).body.id}`;
    const patient = await newPatient();
    for (const status of Object.keys(words)) {
      await store(booked, patient.ref, (a) => ((a.status = status), (participant(a, 'Practitioner').actor!.reference = practitioner)));
    }
    const port = new FhirSchedulingPort(direct);
    const frame = mountFrame(
      html`<engage-appointment-queue lang="en" clinician=${practitioner} date=${booked.start!.slice(0, 10)} time-zone="UTC" .adapter=${{ scheduling: port }} .session=${{ locale: 'en' }}></engage-appointment-queue>`,
    );
    const el = frame.querySelector('engage-appointment-queue')!;
    const items = await waitFor(() => {
      const found = [...(el.shadowRoot?.querySelectorAll('[part~="request"]') ?? [])];
      return found.length ? found : undefined;
    }, 'the day list');
    expect(items.length).to.equal(Object.keys(words).length);
    const shown = items.map((item) => text(item.querySelector('.when')!)).sort();
    expect(shown).to.deep.equal(Object.values(words).map((word) => `9:00 AM · ${word}`).sort());
  });

  it('a visit its clinician declined is not on that clinician’s day list; it is on the list of the clinician who took it', async () => {
    // FHIR R4 participationstatus `declined`: "will not participate in the appointment"
    const own = `Practitioner/${(await direct.create<Resource>({ resourceType: 'Practitioner' })).body.id}`;
    const other = `Practitioner/${(await direct.create<Resource>({ resourceType: 'Practitioner' })).body.id}`;
    const patient = await newPatient();
    const practitioner = participant(booked, 'Practitioner');
    const stored = [
      // the spec's visit as it is: the clinician accepted
      await store(booked, patient.ref, (a) => (participant(a, 'Practitioner').actor!.reference = own)),
      // the same visit the clinician declined, taken over by another who accepted
      await store(booked, patient.ref, (a) => {
        participant(a, 'Practitioner').actor!.reference = own;
        participant(a, 'Practitioner').status = 'declined';
        a.participant.push({ ...structuredClone(practitioner), actor: { reference: other, display: 'Dr Other' }, status: 'accepted' });
      }),
      // declined, and nobody took it over
      await store(booked, patient.ref, (a) => ((participant(a, 'Practitioner').actor!.reference = own), (participant(a, 'Practitioner').status = 'declined'))),
    ];
    // expected from the stored records: those naming the clinician with a status other than declined
    const expected = (ref: string) =>
      stored.filter((a) => a.participant.some((p) => p.actor?.reference === ref && p.status !== 'declined')).map((a) => a.id!).sort();
    expect(expected(own)).to.have.length(1);
    expect(expected(other)).to.have.length(1);
    const port = new FhirSchedulingPort(direct);
    const date = booked.start!.slice(0, 10);
    for (const ref of [own, other]) {
      expect((await port.dayList(ref, date, 'UTC')).map((a) => a.id).sort(), ref).to.deep.equal(expected(ref));
    }
    // the element: the clinician's own list holds the one visit they take part in
    const frame = mountFrame(
      html`<engage-appointment-queue lang="en" clinician=${own} date=${date} time-zone="UTC" .adapter=${{ scheduling: port }} .session=${{ locale: 'en' }}></engage-appointment-queue>`,
    );
    const el = frame.querySelector('engage-appointment-queue')!;
    const items = await waitFor(() => {
      const found = [...(el.shadowRoot?.querySelectorAll('[part~="request"]') ?? [])];
      return found.length ? found : undefined;
    }, 'the day list');
    expect(items.length).to.equal(1);
    expect(text(items[0]!)).to.include(patient.name).and.include('9:00 AM · Booked');
  });

  it('a visit that names the clinician through one of their roles (PractitionerRole) is on their day list, unless declined', async () => {
    // FHIR R4 Appointment.participant.actor may be a PractitionerRole, whose `practitioner` is the clinician
    const own = `Practitioner/${(await direct.create<Resource>({ resourceType: 'Practitioner' })).body.id}`;
    const role = `PractitionerRole/${(await direct.create<Resource>({ resourceType: 'PractitionerRole', practitioner: { reference: own } })).body.id}`;
    const patient = await newPatient();
    const stored = [
      await store(booked, patient.ref, (a) => (participant(a, 'Practitioner').actor!.reference = role)),
      await store(booked, patient.ref, (a) => ((participant(a, 'Practitioner').status = 'declined'), (participant(a, 'Practitioner').actor!.reference = role))),
      await store(booked, patient.ref, (a) => (participant(a, 'Practitioner').actor!.reference = own)),
    ];
    // expected from the stored records: those naming the clinician or their role, not declined
    const expected = stored.filter((a) => a.participant.some((p) => [own, role].includes(p.actor?.reference ?? '') && p.status !== 'declined')).map((a) => a.id!).sort();
    expect(expected).to.have.length(2);
    const date = booked.start!.slice(0, 10);
    expect((await new FhirSchedulingPort(direct).dayList(own, date, 'UTC')).map((a) => a.id).sort()).to.deep.equal(expected);
  });

  it("the spec's request: says it names no visit type, and labels its comment a note, not the patient's", async () => {
    const patient = await newPatient();
    await store(request, patient.ref);
    // a request the patient sent through the port, for the label the record does name
    const world = await buildFhirWorld(direct, Math.random().toString(36).slice(2, 8));
    const other = await newPatient();
    const port = new FhirSchedulingPort(direct);
    await port.request(other.ref, { visitType: world.types.consult, preferences: { days: [], times: [] }, note: 'Knee pain' }, { idempotencyKey: newIdempotencyKey() });
    const frame = mountFrame(html`<engage-appointment-queue lang="en" .adapter=${{ scheduling: port }} .session=${{ locale: 'en' }}></engage-appointment-queue>`);
    const el = frame.querySelector('engage-appointment-queue')!;
    const cardOf = (name: string) => [...(el.shadowRoot?.querySelectorAll<HTMLElement>('[part~="request"]') ?? [])].find((a) => text(a.querySelector('.subtitle')!).startsWith(name));
    const item = await waitFor(() => cardOf(patient.name), 'the request');
    // the server holds the clinic's visit types (the world above): one is to be chosen first
    expect(text(item)).to.include('The request names no visit type. Choose one to see its open times.');
    expect(text(item)).not.to.include('No open times in the next');
    expect(text(item.querySelector('.subtitle')!), 'the heading names no visit type either').to.equal(patient.name);
    expect(rowText(item, 'Note')).to.equal(request.comment);
    expect(Boolean(row(item, "Patient's note")), `a "Patient's note" row`).to.equal(false);
    const theirs = await waitFor(() => cardOf(other.name), 'the patient’s own request');
    expect(rowText(theirs, "Patient's note")).to.equal('Knee pain');
  });
});
