/** Helpers over `Type/id` record references that every adapter shares. */
import type { Participant, RecordRef } from './ports.js';

/** What kind of participant a reference names, from its type (`RelatedPerson/7` → `related-person`). */
export function participantKind(ref: RecordRef): Participant['kind'] {
  switch (ref.split('/').at(-2)) {
    case 'Patient':
      return 'patient';
    case 'RelatedPerson':
      return 'related-person';
    case 'Organization':
      return 'organization';
    case 'Device':
      return 'device';
    case 'Group':
    case 'HealthcareService':
      return 'pool';
    default:
      return 'practitioner';
  }
}
