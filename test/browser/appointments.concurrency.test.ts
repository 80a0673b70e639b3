/**
 * Booking races and faults over real HTTP against the local FHIR server, asserted on the
 * server itself: two independent clients (separate connections, one straight to the
 * server, one through the proxy) book the same slot at once, 50 times; then booking,
 * rescheduling and cancelling under outages and dropped answers never leave two
 * appointments or none where one was meant.
 */
import { expect } from '@open-wc/testing';
import { FhirClient } from '../../src/adapters/fhir/index.js';
import { FhirSchedulingPort } from '../../src/adapters/fhir/scheduling-port.js';
import type { Bundle, Resource } from '../../src/adapters/fhir/fhir-types.js';
import type { BookingOutcome } from '../../src/adapters/ports.js';
import { newIdempotencyKey } from '../../src/core/events.js';
import { fhirEndpoints, setFault } from './helpers.js';
import { buildFhirWorld, WORLD_NOW, type BuiltWorld } from './scheduling-world.js';

const ROUNDS = 50;

let direct: FhirClient;
let world: BuiltWorld;
let label: string;
let proxyUrl: string;
let fhirUrl: string;

async function newPatient(given: string): Promise<string> {
  return `Patient/${(await direct.create<Resource>({ resourceType: 'Patient', name: [{ given: [given], family: `Race${label}` }] })).body.id}`;
}

/** Booked appointments holding a slot, asked of the server. */
async function bookedOn(slotId: string): Promise<number> {
  const { resources } = await direct.searchAll('Appointment', { slot: `Slot/${slotId}`, status: 'booked', _count: 10 });
  return resources.length;
}

async function appointmentsOf(patient: string): Promise<Resource[]> {
  return (await direct.searchAll('Appointment', { patient, _count: 100 })).resources;
}

before(async () => {
  ({ fhirUrl, proxyUrl } = await fhirEndpoints());
  direct = new FhirClient({ baseUrl: fhirUrl });
  label = Math.random().toString(36).slice(2, 8);
  world = await buildFhirWorld(direct, label);
});

afterEach(() => setFault(undefined));

describe('two patients booking the same slot at once, 50 times', function () {
  it('books each slot exactly once; every loser is told it was just taken and offered other times', async () => {
    // 50 more of Ana's checkup slots on her Boston schedule, and 3 spare ones after them
    // (so even the last race has alternatives to offer), in one transaction
    const schedule = (await direct.read('Slot', world.slots[0]!)).schedule;
    const service = (await direct.read('Slot', world.slots[0]!)).serviceType;
    const starts = Array.from({ length: ROUNDS + 3 }, (_, i) => Date.parse('2027-04-05T13:00:00Z') + i * 3600_000);
    const { body } = await direct.request<Bundle>('POST', '', {
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: starts.map((start) => ({
          resource: { resourceType: 'Slot', schedule, serviceType: service, status: 'free', start: new Date(start).toISOString(), end: new Date(start + 1800_000).toISOString() },
          request: { method: 'POST', url: 'Slot' },
        })),
      },
    });
    const slotIds = (body.entry ?? []).map((e) => e.resource!.id!).slice(0, ROUNDS);
    expect(slotIds).to.have.length(ROUNDS);
    const [a, b] = [await newPatient('Ada'), await newPatient('Bo')];
    const portA = new FhirSchedulingPort(new FhirClient({ baseUrl: fhirUrl }), { now: () => WORLD_NOW });
    const portB = new FhirSchedulingPort(new FhirClient({ baseUrl: proxyUrl }), { now: () => WORLD_NOW });
    const outcomes: BookingOutcome[] = [];
    for (const slotId of slotIds) {
      const draft = { slotId, visitType: world.types.checkup };
      outcomes.push(
        ...(await Promise.all([
          portA.book(a, draft, { idempotencyKey: newIdempotencyKey() }),
          portB.book(b, draft, { idempotencyKey: newIdempotencyKey() }),
        ])),
      );
    }
    const taken = outcomes.filter((o) => o.outcome === 'slot-taken');
    expect(outcomes.filter((o) => o.outcome === 'booked')).to.have.length(ROUNDS);
    expect(taken).to.have.length(ROUNDS);
    for (const t of taken) expect(t.outcome === 'slot-taken' && t.alternatives.length).to.be.greaterThan(0);
    // on the server: every slot busy and held by exactly one booked appointment; 50 in all
    for (const slotId of slotIds) {
      expect(String((await direct.read('Slot', slotId)).status)).to.equal('busy');
      expect(await bookedOn(slotId)).to.equal(1);
    }
    const held = [...(await appointmentsOf(a)), ...(await appointmentsOf(b))].filter((r) => r.status === 'booked');
    expect(held).to.have.length(ROUNDS);
  });
});

describe('booking, rescheduling and cancelling under faults (asserted on the server)', function () {
  const port = () => new FhirSchedulingPort(new FhirClient({ baseUrl: proxyUrl, maxRetries: 0 }), { now: () => WORLD_NOW });

  it('an outage stores nothing; the retry with the same key books once', async () => {
    const patient = await newPatient('Cy');
    const key = newIdempotencyKey();
    const draft = { slotId: world.slots[2]!, visitType: world.types.checkup };
    await setFault({ kind: 'outage' });
    let failed = false;
    await port().book(patient, draft, { idempotencyKey: key }).catch(() => (failed = true));
    expect(failed).to.equal(true);
    await setFault(undefined);
    expect(await appointmentsOf(patient)).to.have.length(0);
    expect(String((await direct.read('Slot', world.slots[2]!)).status)).to.equal('free');
    const result = await port().book(patient, draft, { idempotencyKey: key });
    expect(result.outcome).to.equal('booked');
    expect(await appointmentsOf(patient)).to.have.length(1);
  });

  it('a booking whose answer was dropped is found by its key on retry: one appointment, not "taken"', async () => {
    const patient = await newPatient('Di');
    const key = newIdempotencyKey();
    const draft = { slotId: world.slots[4]!, visitType: world.types.checkup };
    await setFault({ kind: 'drop-after', count: 1, methods: ['POST'], bodyContains: '"transaction"' });
    let failed = false;
    await port().book(patient, draft, { idempotencyKey: key }).catch(() => (failed = true));
    expect(failed).to.equal(true);
    const retry = await port().book(patient, draft, { idempotencyKey: key });
    expect(retry.outcome).to.equal('booked');
    expect((await appointmentsOf(patient)).filter((r) => r.status === 'booked')).to.have.length(1);
    expect(await bookedOn(world.slots[4]!)).to.equal(1);
  });

  it('a reschedule whose answer was dropped, retried: exactly one booked appointment, on the new slot', async () => {
    const patient = await newPatient('Ed');
    const booked = await port().book(patient, { slotId: world.slots[5]!, visitType: world.types.checkup }, { idempotencyKey: newIdempotencyKey() });
    if (booked.outcome !== 'booked') throw new Error('setup: not booked');
    const key = newIdempotencyKey();
    await setFault({ kind: 'drop-after', count: 1, methods: ['POST'], bodyContains: '"transaction"' });
    await port().reschedule(booked.appointment.id, world.slots[1]!, { idempotencyKey: key }).catch(() => undefined);
    const mid = (await appointmentsOf(patient)).filter((r) => r.status === 'booked');
    expect(mid).to.have.length(1); // the transaction landed whole: never none or two
    const retry = await port().reschedule(booked.appointment.id, world.slots[1]!, { idempotencyKey: key });
    expect(retry.outcome).to.equal('booked');
    const after = (await appointmentsOf(patient)).filter((r) => r.status === 'booked');
    expect(after).to.have.length(1);
    expect((after[0]!.slot as { reference: string }[])[0]!.reference).to.equal(`Slot/${world.slots[1]}`);
    expect(String((await direct.read('Slot', world.slots[5]!)).status)).to.equal('free');
  });

  it('a reschedule during an outage changes nothing: the old appointment stays booked', async () => {
    const patient = await newPatient('Flo');
    const booked = await port().book(patient, { slotId: world.slots[5]!, visitType: world.types.checkup }, { idempotencyKey: newIdempotencyKey() });
    if (booked.outcome !== 'booked') throw new Error('setup: not booked');
    await setFault({ kind: 'status', status: 503, count: 1, methods: ['POST'], bodyContains: '"transaction"' });
    let failed = false;
    // slot 0 is free (the cancel test below books it afterwards)
    await port().reschedule(booked.appointment.id, world.slots[0]!, { idempotencyKey: newIdempotencyKey() }).catch(() => (failed = true));
    expect(failed).to.equal(true);
    const list = (await appointmentsOf(patient)).filter((r) => r.status === 'booked');
    expect(list.map((r) => r.id)).to.deep.equal([booked.appointment.id]);
    expect(String((await direct.read('Slot', world.slots[0]!)).status)).to.equal('free');
  });

  it('a cancel whose answer was dropped, retried: cancelled once, the slot free', async () => {
    const patient = await newPatient('Gus');
    const booked = await port().book(patient, { slotId: world.slots[0]!, visitType: world.types.checkup }, { idempotencyKey: newIdempotencyKey() });
    if (booked.outcome !== 'booked') throw new Error('setup: not booked');
    const key = newIdempotencyKey();
    await setFault({ kind: 'drop-after', count: 1, methods: ['POST'], bodyContains: '"transaction"' });
    await port().cancel(booked.appointment.id, undefined, { idempotencyKey: key }).catch(() => undefined);
    const retry = await port().cancel(booked.appointment.id, undefined, { idempotencyKey: key });
    expect(retry.status).to.equal('cancelled');
    const list = await appointmentsOf(patient);
    expect(list).to.have.length(1);
    expect(list[0]!.status).to.equal('cancelled');
    expect(String((await direct.read('Slot', world.slots[0]!)).status)).to.equal('free');
  });
});
