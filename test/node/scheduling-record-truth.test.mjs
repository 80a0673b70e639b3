// What an appointment shows is what its record says (src/adapters/fhir/mapping/scheduling.ts):
// a FHIR `pending` Appointment (a time set, not yet confirmed by everyone) is its own state,
// never "the clinic offered times"; a request or a pending one says whose answer it waits
// for, read from the participants' statuses; a clinician who declined is not the clinician;
// a Location known only by its reference's display keeps that text; a `comment` is the
// patient's only when the record says so. The records are the FHIR spec's two Appointment
// examples with only the fields a case needs changed; expectations are read from the JSON here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { importTs } from './ts-bundle.mjs';

const SPEC = 'test/fixtures/fhir-r4/spec-examples';
const json = (path) => JSON.parse(readFileSync(path, 'utf8'));

let m;
let booked; // appointment-example.json: booked; patient, Practitioner/example and Location/1 all accepted
let request; // appointment-example-request.json: proposed; the patient and an unnamed attender needs-action
before(async () => {
  m = await importTs(['src/adapters/fhir/mapping/scheduling.ts']);
  booked = json(`${SPEC}/appointment-example.json`);
  request = json(`${SPEC}/appointment-example-request.json`);
});

const map = (resource) => m.toAppointment(resource, m.indexOf([resource]), 'UTC');
/** The participant whose actor reference starts with `type/`. */
const participantOf = (resource, type) => resource.participant.find((p) => p.actor?.reference?.startsWith(`${type}/`));
/** A copy of `example` with `change` applied to it. */
const changed = (example, change) => {
  const copy = structuredClone(example);
  change(copy);
  return copy;
};

describe('FHIR scheduling mapping: what the record says', () => {
  it('a `pending` appointment is its own state, not times the clinic offered', () => {
    const pending = changed(booked, (a) => (a.status = 'pending'));
    const mapped = map(pending);
    assert.equal(mapped.status, 'pending');
    assert.equal(mapped.proposals, undefined);
    assert.equal(mapped.start, booked.start);
    // every participant of the example accepted: nobody's answer is named as missing
    assert.ok(booked.participant.every((p) => p.status === 'accepted'));
    assert.equal(mapped.awaiting, undefined);
  });

  it('a `pending` appointment waits for the patient when the patient has not accepted, else for the others', () => {
    for (const status of ['needs-action', 'tentative']) {
      const mine = changed(booked, (a) => ((a.status = 'pending'), (participantOf(a, 'Patient').status = status)));
      assert.deepEqual([map(mine).status, map(mine).awaiting], ['pending', 'patient'], status);
      const theirs = changed(booked, (a) => ((a.status = 'pending'), (participantOf(a, 'Practitioner').status = status)));
      assert.deepEqual([map(theirs).status, map(theirs).awaiting], ['pending', 'others'], status);
    }
  });

  it("the spec's request, its patient `needs-action`, waits for the patient's answer", () => {
    assert.equal(request.status, 'proposed');
    assert.equal(participantOf(request, 'Patient').status, 'needs-action');
    const mapped = map(request);
    assert.deepEqual([mapped.status, mapped.awaiting], ['requested', 'patient']);
    // the same request accepted by the patient waits for the others (its attender needs-action)
    const asked = changed(request, (a) => (participantOf(a, 'Patient').status = 'accepted'));
    assert.deepEqual([map(asked).status, map(asked).awaiting], ['requested', 'others']);
  });

  it('a clinician who declined is not the clinician; one who accepted still is', () => {
    const practitioner = participantOf(booked, 'Practitioner');
    assert.equal(map(booked).clinician?.name, practitioner.actor.display);
    const declined = changed(booked, (a) => (participantOf(a, 'Practitioner').status = 'declined'));
    assert.equal(map(declined).clinician, undefined);
    const other = { ...structuredClone(practitioner), actor: { reference: 'Practitioner/other', display: 'Dr Other' } };
    const replaced = changed(declined, (a) => a.participant.push(other));
    assert.deepEqual([map(replaced).clinician?.ref, map(replaced).clinician?.name], [other.actor.reference, other.actor.display]);
  });

  it('a clinician takes part unless their own participation is declined (what a day list holds)', () => {
    const practitioner = participantOf(booked, 'Practitioner').actor.reference;
    const location = participantOf(booked, 'Location').actor.reference;
    assert.equal(participantOf(booked, 'Practitioner').status, 'accepted');
    assert.equal(m.takesPart(booked, practitioner), true);
    const declined = changed(booked, (a) => (participantOf(a, 'Practitioner').status = 'declined'));
    assert.equal(m.takesPart(declined, practitioner), false);
    // another participant's decline is not theirs
    const placeDeclined = changed(booked, (a) => (participantOf(a, 'Location').status = 'declined'));
    assert.deepEqual([m.takesPart(placeDeclined, practitioner), m.takesPart(placeDeclined, location)], [true, false]);
    // named twice, once declined and once not (a second role): still takes part
    const twice = changed(declined, (a) => a.participant.push({ actor: { reference: practitioner }, status: 'tentative' }));
    assert.equal(m.takesPart(twice, practitioner), true);
    // not named at all
    assert.equal(m.takesPart(booked, 'Practitioner/nobody'), false);
  });

  it("a Location known only by its reference's display is shown by that text", () => {
    const location = participantOf(booked, 'Location').actor;
    const mapped = map(booked);
    assert.deepEqual([mapped.location?.ref, mapped.location?.name, mapped.location?.timeZone], [location.reference, location.display, 'UTC']);
    assert.equal(map(request).location?.name, participantOf(request, 'Location').actor.display);
  });

  it("a comment is the patient's only when the record says so", () => {
    assert.deepEqual([map(request).note, map(request).noteBy], [request.comment, undefined]);
    const patient = participantOf(request, 'Patient').actor.reference;
    const signed = changed(request, (a) => (a.extension = [{ url: m.EXT.commentAuthor, valueReference: { reference: patient } }]));
    assert.deepEqual([map(signed).note, map(signed).noteBy], [request.comment, 'patient']);
  });
});
