/**
 * Whom a patient can write to, over FHIR: the care team (or, without one, the clinicians
 * seen most recently), the message pools and the categories. Apart from the port because
 * it reads care-team, service and encounter resources no conversation read needs.
 */
import type { CodedValue, MessagePool, MessagingDirectory, Participant, ReadOptions, RecordRef } from '../../ports.js';
import type { FhirClient } from '../client.js';
import type { Reference } from '../fhir-types.js';
import { MESSAGING_SYSTEM, refOf, toParticipant, toPool } from '../mapping/messaging.js';
import { idOf } from '../refs.js';
import { personName } from '../mapping/sender-names.js';
import { arrayOf, objectOf, stringOf } from '../guards.js';
import { entriesOf } from './shared.js';

/** The directory of `FhirMessagingPort.getDirectory`; `categories` are the port's configured ones. */
export async function readDirectory(
  client: FhirClient,
  patient: RecordRef,
  options: ReadOptions,
  categories: CodedValue[],
): Promise<MessagingDirectory> {
  const ref = `Patient/${idOf(patient, 'Patient')}`;
  const results = await client.batch(
    [
      { method: 'GET', url: `CareTeam?patient=${ref}&status=active&_count=50` },
      { method: 'GET', url: `HealthcareService?service-type=${encodeURIComponent(`${MESSAGING_SYSTEM}|message-pool`)}&active=true&_count=50` },
      { method: 'GET', url: `Encounter?patient=${ref}&_sort=-date&_count=20&_include=Encounter:practitioner` },
    ],
    { signal: options.signal },
  );
  const careTeam = new Map<string, Participant>();
  for (const team of entriesOf(results[0], 'CareTeam')) {
    for (const member of arrayOf<{ member?: Reference; role?: unknown }>(team.participant)) {
      const participant = toParticipant(member.member);
      if (!participant || !['practitioner', 'organization'].includes(participant.kind)) continue;
      const firstRole = arrayOf<{ text?: unknown; coding?: unknown }>(member.role)[0];
      const role = stringOf(firstRole?.text) ?? stringOf(arrayOf<{ display?: unknown }>(firstRole?.coding)[0]?.display);
      careTeam.set(participant.ref, { ...participant, ...(role ? { role } : {}) });
    }
  }
  // without a CareTeam, the clinicians the patient saw most recently
  if (careTeam.size === 0 && results[2]?.ok) {
    const practitioners = new Map(
      entriesOf(results[2], 'Practitioner')
        .filter((r) => stringOf(r.id))
        .map((r) => [`Practitioner/${r.id}`, r]),
    );
    for (const encounter of entriesOf(results[2], 'Encounter')) {
      for (const p of arrayOf<{ individual?: Reference }>(encounter.participant)) {
        const ref = refOf(p.individual);
        if (!ref?.startsWith('Practitioner/') || careTeam.has(ref)) continue;
        const practitioner = practitioners.get(ref);
        const name = personName(practitioner) || stringOf(objectOf(p.individual)?.display) || '';
        if (name) careTeam.set(ref, { ref, kind: 'practitioner', name });
      }
    }
  }
  const pools = entriesOf(results[1], 'HealthcareService')
    .map(toPool)
    .filter((p): p is MessagePool => !!p && p.name !== '');
  return { careTeam: [...careTeam.values()].slice(0, 10), pools, categories: structuredClone(categories) };
}
