// @ts-check
/**
 * Demo scheduling data (issue #15): three clinicians at two locations in two time zones,
 * four weeks of Schedules and 30-minute Slots, some already busy, with a daylight-saving
 * change inside the four weeks.
 *
 * Which four weeks, and why: the window is centred on the next change of US clocks
 * (America/New_York and America/Denver both change on the same Sunday) after the server's
 * clock, found with `Intl`, so the demo always has a DST change to show and never ages
 * (seeded on 2026-12-02 the window is 2027-02-28 to 2027-03-28, around 2027-03-14).
 * The demo's Appointments tab therefore looks further ahead than four weeks (its
 * `weeks-ahead`). Slot times are the clinics' wall-clock hours written as instants with
 * the offset in force that day, as a real EHR stores them; nothing reads the server's zone.
 *
 * Visit types (HealthcareService): a self-schedulable checkup, a self-schedulable video
 * follow-up, and a consult booked by request only. Busy slots: every fifth one.
 * The checkup links a short pre-visit questionnaire (written for this demo) through the
 * `pre-visit-questionnaire` extension (a canonical URL), which a booked checkup offers.
 */
import { offsetChanges } from './zone-changes.mjs';

const SYS = 'https://ehr-engage.dev/fhir';
const VISIT = `${SYS}/CodeSystem/visit-type`;
const CODES = `${SYS}/CodeSystem/scheduling`;
const SD = `${SYS}/StructureDefinition`;

const LOCATIONS = [
  { id: 'demo-loc-harbor', name: 'Harbor Family Clinic', zone: 'America/New_York', line: '1 Harbor Street', city: 'Boston', state: 'MA', phone: '617-555-0100' },
  { id: 'demo-loc-peak', name: 'Peak Health Center', zone: 'America/Denver', line: '9 Ridge Road', city: 'Denver', state: 'CO', phone: '303-555-0100' },
];
const CLINICIANS = [
  { id: 'demo-dr-lee', given: 'Ana', family: 'Lee', location: 'demo-loc-harbor' },
  { id: 'demo-dr-ortiz', given: 'Ben', family: 'Ortiz', location: 'demo-loc-harbor' },
  { id: 'demo-dr-nakamura', given: 'Kei', family: 'Nakamura', location: 'demo-loc-peak' },
];
/** The checkup's pre-visit questionnaire: three short questions. */
const PREVISIT = {
  resourceType: 'Questionnaire',
  id: 'demo-previsit-checkup',
  url: `${SYS}/Questionnaire/previsit-checkup`,
  version: '1',
  status: 'active',
  title: 'Before your checkup',
  item: [
    { linkId: 'topics', type: 'text', text: 'What would you like to talk about at your visit?' },
    { linkId: 'new-medicines', type: 'boolean', text: 'Have you started any new medicines since your last visit?' },
    {
      linkId: 'feeling',
      type: 'choice',
      text: 'How have you been feeling lately?',
      answerOption: ['Well', 'About the same', 'Worse'].map((display, i) => ({ valueCoding: { system: `${SYS}/CodeSystem/previsit-feeling`, code: String(i), display } })),
    },
  ],
};
const TYPES = [
  { id: 'demo-visit-checkup', code: 'checkup', name: 'Checkup', self: true, video: false, minutes: 30, cancel: 24, prep: 'Bring your medicines or a list of them.', arrive: 15, questionnaire: `${PREVISIT.url}|${PREVISIT.version}` },
  { id: 'demo-visit-video', code: 'video-follow-up', name: 'Video follow-up', self: true, video: true, minutes: 30, cancel: 2 },
  { id: 'demo-visit-consult', code: 'consult', name: 'New problem consult', self: false, video: false, minutes: 30, cancel: 24 },
];
/** Clinic hours (wall clock), 30-minute slots. */
const HOURS = ['09:00', '09:30', '10:00', '10:30', '13:00', '13:30', '14:00', '14:30'];

/**
 * The offset of `zone` at `instant`, in minutes.
 * @param {Date} instant
 * @param {string} zone
 */
function offset(instant, zone) {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/**
 * Wall-clock `date` `time` in `zone` as an instant string with its offset.
 * @param {string} date @param {string} time @param {string} zone
 */
function zoned(date, time, zone) {
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  const instant = new Date(asUtc - offset(new Date(asUtc - offset(new Date(asUtc), zone) * 60_000), zone) * 60_000);
  const minutes = offset(instant, zone);
  const abs = Math.abs(minutes);
  const text = `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return { instant, text: `${date}T${time}:00${text}` };
}

/**
 * The transaction bundle of the demo's scheduling data, for the seed loader.
 * @param {Date} [now]
 * @returns {{ file: string, bundle: any }}
 */
export function appointmentSeedFile(now = new Date()) {
  const change = offsetChanges('America/New_York', now, new Date(now.getTime() + 400 * 24 * 3600_000))[0];
  const centre = change ? change.at : now;
  const first = new Date(centre.getTime() - 14 * 24 * 3600_000).toISOString().slice(0, 10);
  /** @type {any[]} */
  const resources = [];
  for (const l of LOCATIONS) {
    resources.push({
      resourceType: 'Location', id: l.id, status: 'active', name: l.name,
      address: { line: [l.line], city: l.city, state: l.state },
      telecom: [{ system: 'phone', value: l.phone }],
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/timezone', valueCode: l.zone }],
    });
  }
  for (const c of CLINICIANS) {
    resources.push({ resourceType: 'Practitioner', id: c.id, name: [{ given: [c.given], family: c.family, prefix: ['Dr.'] }] });
  }
  resources.push(PREVISIT);
  for (const t of TYPES) {
    resources.push({
      resourceType: 'HealthcareService', id: t.id, active: true, name: t.name,
      type: [{ coding: [{ system: VISIT, code: t.code, display: t.name }] }],
      location: LOCATIONS.map((l) => ({ reference: `Location/${l.id}` })),
      characteristic: [
        ...(t.self ? [{ coding: [{ system: CODES, code: 'self-schedulable' }] }] : []),
        ...(t.video ? [{ coding: [{ system: CODES, code: 'video' }] }] : []),
      ],
      ...(t.prep ? { extraDetails: t.prep } : {}),
      extension: [
        { url: `${SD}/visit-minutes`, valuePositiveInt: t.minutes },
        { url: `${SD}/cancel-window-hours`, valueInteger: t.cancel },
        ...(t.arrive ? [{ url: `${SD}/arrive-minutes-early`, valueInteger: t.arrive }] : []),
        ...(t.questionnaire ? [{ url: `${SD}/pre-visit-questionnaire`, valueCanonical: t.questionnaire }] : []),
      ],
    });
  }
  let count = 0;
  for (const c of CLINICIANS) {
    const location = /** @type {typeof LOCATIONS[number]} */ (LOCATIONS.find((l) => l.id === c.location));
    TYPES.forEach((t, typeIndex) => {
      const scheduleId = `demo-sched-${c.id.slice(8)}-${t.code}`;
      resources.push({
        resourceType: 'Schedule', id: scheduleId, active: true,
        serviceType: [{ coding: [{ system: VISIT, code: t.code, display: t.name }] }],
        actor: [{ reference: `Practitioner/${c.id}` }, { reference: `Location/${location.id}` }],
      });
      for (let day = 0; day < 28; day++) {
        const date = new Date(Date.parse(`${first}T12:00:00Z`) + day * 24 * 3600_000).toISOString().slice(0, 10);
        const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
        if (weekday === 0 || weekday === 6) continue;
        // each visit type gets its own hours of the day, so one clinician is never double-booked
        HOURS.filter((_, i) => i % TYPES.length === typeIndex).forEach((time) => {
          const start = zoned(date, time, location.zone);
          const end = new Date(start.instant.getTime() + t.minutes * 60_000);
          const endLocal = new Date(end.getTime() + offset(end, location.zone) * 60_000).toISOString();
          const endZoned = zoned(endLocal.slice(0, 10), endLocal.slice(11, 16), location.zone).text;
          resources.push({
            resourceType: 'Slot', id: `demo-slot-${scheduleId.slice(11)}-${date}-${time.replace(':', '')}`,
            schedule: { reference: `Schedule/${scheduleId}` },
            serviceType: [{ coding: [{ system: VISIT, code: t.code, display: t.name }] }],
            status: ++count % 5 === 0 ? 'busy' : 'free',
            start: start.text,
            end: endZoned,
          });
        });
      }
    });
  }
  return {
    file: 'generated:appointments',
    bundle: { resourceType: 'Bundle', type: 'transaction', entry: resources.map((resource) => ({ resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } })) },
  };
}
