/** Participants in words, and the acting user, shared by the messaging elements. */
import { msg } from '../../core/localization.js';
import type { ActingAs, Participant } from '../../adapters/ports.js';

/** A participant's role in words. */
export function kindLabel(kind: Participant['kind']): string {
  switch (kind) {
    case 'patient':
      return msg('Patient', { id: 'messages.kind.patient' });
    case 'practitioner':
      return msg('Care team', { id: 'messages.kind.practitioner' });
    case 'related-person':
      return msg('Caregiver', { id: 'messages.kind.related-person' });
    case 'pool':
      return msg('Team inbox', { id: 'messages.kind.pool' });
    case 'organization':
      return msg('Practice', { id: 'messages.kind.organization' });
    case 'unknown':
      return '';
    default:
      return msg('System', { id: 'messages.kind.device' });
  }
}

/** A participant's name, or their role when the name is unknown. */
export function participantName(participant: Participant | undefined): string {
  return participant?.name || (participant && kindLabel(participant.kind)) || msg('Unknown sender', { id: 'messages.unknown-sender' });
}

/** The acting user for a port call, from the session; a patient without a user acts as themself. */
export function actingAs(session: { user?: { ref: string; name?: string }; role: ActingAs['role']; patient?: string }): ActingAs | undefined {
  if (session.user) return { user: session.user, role: session.role };
  if (session.role === 'patient' && session.patient) return { user: { ref: session.patient }, role: 'patient' };
  return undefined;
}

