/**
 * A small clinic to test scheduling against, built the same way in both backends: as FHIR
 * resources on the local server (`buildFhirWorld`) and as memory-port data
 * (`buildMemoryWorld`). Slot times are written here as the server stores them (instants
 * with the clinic's offset), so expectations come from this data, not from the code under
 * test: 2027-03-12 is before the US spring-forward (2027-03-14), 2027-03-15 after it.
 */
import type { FhirClient } from '../../src/adapters/fhir/client.js';
import type { Resource } from '../../src/adapters/fhir/fhir-types.js';
import { SCHEDULING_CODES, TIMEZONE_URL, VISIT_TYPE_SYSTEM, EXT } from '../../src/adapters/fhir/mapping/scheduling.js';
import type { MemorySchedulingOptions, MemorySlot } from '../../src/adapters/memory/scheduling.js';
import type { ClinicLocation, Participant, VisitType } from '../../src/adapters/ports.js';

export interface WorldSlot {
  clinician: 'ana' | 'ben';
  location: 'boston' | 'denver';
  type: 'checkup' | 'video' | 'consult';
  start: string;
  end: string;
  busy?: boolean;
}

/** The clinic's clock in these tests: before every slot below. */
export const WORLD_NOW = new Date('2027-03-01T12:00:00Z');

export const WORLD = {
  clinicians: { ana: 'Ana Lee', ben: 'Ben Ortiz' },
  locations: {
    boston: { name: 'Harbor Clinic', zone: 'America/New_York', line: '1 Harbor St', city: 'Boston', state: 'MA' },
    denver: { name: 'Peak Clinic', zone: 'America/Denver', line: '9 Ridge Rd', city: 'Denver', state: 'CO' },
  },
  types: {
    checkup: { name: 'Checkup', self: true, minutes: 30, cancelWindowHours: 24, video: false },
    video: { name: 'Video follow-up', self: true, minutes: 20, cancelWindowHours: 2, video: true },
    consult: { name: 'New problem consult', self: false, minutes: 40, cancelWindowHours: 24, video: false },
  },
  slots: [
    // 0-3: Ana in Boston, checkups, around the DST change
    { clinician: 'ana', location: 'boston', type: 'checkup', start: '2027-03-12T09:00:00-05:00', end: '2027-03-12T09:30:00-05:00' },
    { clinician: 'ana', location: 'boston', type: 'checkup', start: '2027-03-12T09:30:00-05:00', end: '2027-03-12T10:00:00-05:00' },
    { clinician: 'ana', location: 'boston', type: 'checkup', start: '2027-03-15T09:00:00-04:00', end: '2027-03-15T09:30:00-04:00' },
    { clinician: 'ana', location: 'boston', type: 'checkup', start: '2027-03-15T09:30:00-04:00', end: '2027-03-15T10:00:00-04:00', busy: true },
    // 4-5: Ben in Denver, checkups
    { clinician: 'ben', location: 'denver', type: 'checkup', start: '2027-03-15T09:00:00-06:00', end: '2027-03-15T09:30:00-06:00' },
    { clinician: 'ben', location: 'denver', type: 'checkup', start: '2027-03-16T14:00:00-06:00', end: '2027-03-16T14:30:00-06:00' },
    // 6: a video visit; 7-8: consults (by request only)
    { clinician: 'ana', location: 'boston', type: 'video', start: '2027-03-16T16:00:00-04:00', end: '2027-03-16T16:20:00-04:00' },
    { clinician: 'ben', location: 'denver', type: 'consult', start: '2027-03-17T10:00:00-06:00', end: '2027-03-17T10:40:00-06:00' },
    { clinician: 'ana', location: 'boston', type: 'consult', start: '2027-03-18T10:00:00-04:00', end: '2027-03-18T10:40:00-04:00' },
  ] as WorldSlot[],
};

/** What a test needs to name things in a built world. */
export interface BuiltWorld {
  /** Slot ids, in `WORLD.slots` order. */
  slots: string[];
  /** Visit-type ids by key. */
  types: Record<keyof typeof WORLD.types, string>;
  /** Clinician refs by key. */
  clinicians: Record<keyof typeof WORLD.clinicians, string>;
  /** Location refs by key. */
  locations: Record<keyof typeof WORLD.locations, string>;
}

/** The world as memory-port data. */
export function buildMemoryWorld(): { options: MemorySchedulingOptions; built: BuiltWorld } {
  const clinicians = Object.fromEntries(
    Object.entries(WORLD.clinicians).map(([key, name]) => [key, { ref: `Practitioner/${key}`, kind: 'practitioner', name } as Participant]),
  ) as Record<keyof typeof WORLD.clinicians, Participant>;
  const locations = Object.fromEntries(
    Object.entries(WORLD.locations).map(([key, l]) => [
      key,
      { ref: `Location/${key}`, name: l.name, address: `${l.line}, ${l.city}, ${l.state}`, timeZone: l.zone } as ClinicLocation,
    ]),
  ) as Record<keyof typeof WORLD.locations, ClinicLocation>;
  const visitTypes: VisitType[] = Object.entries(WORLD.types).map(([key, t]) => {
    const offering = WORLD.slots.filter((s) => s.type === key);
    return {
      id: key,
      name: t.name,
      minutes: t.minutes,
      selfSchedulable: t.self,
      mode: t.video ? 'video' : 'in-person',
      cancelWindowHours: t.cancelWindowHours,
      clinicians: [...new Set(offering.map((s) => s.clinician))].map((c) => clinicians[c]),
      locations: [...new Set(offering.map((s) => s.location))].map((l) => locations[l]),
    };
  });
  const slots: MemorySlot[] = WORLD.slots.map((s, i) => ({
    id: `slot-${i}`,
    start: s.start,
    end: s.end,
    clinician: clinicians[s.clinician],
    location: locations[s.location],
    visitTypes: [s.type],
    status: s.busy ? 'busy' : 'free',
  }));
  return {
    options: { visitTypes, slots, now: () => WORLD_NOW },
    built: {
      slots: slots.map((s) => s.id),
      types: { checkup: 'checkup', video: 'video', consult: 'consult' },
      clinicians: { ana: 'Practitioner/ana', ben: 'Practitioner/ben' },
      locations: { boston: 'Location/boston', denver: 'Location/denver' },
    },
  };
}

/**
 * The world as FHIR resources on a server, under codes made unique by `label` so that
 * worlds built by other tests on the same server never mix with it.
 */
export async function buildFhirWorld(client: FhirClient, label: string): Promise<BuiltWorld> {
  const post = async (resource: Resource) => (await client.create(resource)).body;
  const clinicians = {} as Record<string, string>;
  for (const [key, name] of Object.entries(WORLD.clinicians)) {
    const [given, family] = name.split(' ');
    clinicians[key] = `Practitioner/${(await post({ resourceType: 'Practitioner', name: [{ given: [given], family: `${family}${label}` }] })).id}`;
  }
  const locations = {} as Record<string, string>;
  for (const [key, l] of Object.entries(WORLD.locations)) {
    const location = await post({
      resourceType: 'Location',
      name: `${l.name} ${label}`,
      address: { line: [l.line], city: l.city, state: l.state },
      telecom: [{ system: 'phone', value: '555-0100' }],
      extension: [{ url: TIMEZONE_URL, valueCode: l.zone }],
    });
    locations[key] = `Location/${location.id}`;
  }
  const types = {} as Record<string, string>;
  const codings = {} as Record<string, { system: string; code: string; display: string }>;
  for (const [key, t] of Object.entries(WORLD.types)) {
    codings[key] = { system: VISIT_TYPE_SYSTEM, code: `${key}-${label}`, display: t.name };
    const service = await post({
      resourceType: 'HealthcareService',
      active: true,
      name: t.name,
      type: [{ coding: [codings[key]!] }],
      characteristic: [
        ...(t.self ? [{ coding: [{ system: SCHEDULING_CODES, code: 'self-schedulable' }] }] : []),
        ...(t.video ? [{ coding: [{ system: SCHEDULING_CODES, code: 'video' }] }] : []),
      ],
      extension: [
        { url: EXT.visitMinutes, valuePositiveInt: t.minutes },
        { url: EXT.cancelWindowHours, valueInteger: t.cancelWindowHours },
      ],
    });
    types[key] = service.id!;
  }
  const schedules = new Map<string, string>();
  const slots: string[] = [];
  for (const s of WORLD.slots) {
    const scheduleKey = `${s.clinician}|${s.location}|${s.type}`;
    if (!schedules.has(scheduleKey)) {
      const schedule = await post({
        resourceType: 'Schedule',
        active: true,
        serviceType: [{ coding: [codings[s.type]!] }],
        actor: [{ reference: clinicians[s.clinician] }, { reference: locations[s.location] }],
      });
      schedules.set(scheduleKey, `Schedule/${schedule.id}`);
    }
    const slot = await post({
      resourceType: 'Slot',
      schedule: { reference: schedules.get(scheduleKey) },
      serviceType: [{ coding: [codings[s.type]!] }],
      status: s.busy ? 'busy' : 'free',
      start: s.start,
      end: s.end,
    });
    slots.push(slot.id!);
  }
  return {
    slots,
    types: types as BuiltWorld['types'],
    clinicians: clinicians as BuiltWorld['clinicians'],
    locations: locations as BuiltWorld['locations'],
  };
}
