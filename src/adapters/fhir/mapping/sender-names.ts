/**
 * Who wrote a message, by name. A `Communication.sender` often carries only a reference
 * (`Practitioner/123`) with no display text; a patient who sees "Care team" cannot tell
 * their doctor from the front desk. Message searches ask the server to include the
 * senders (`_include=Communication:sender`, in the same request), and the names found
 * there fill in each sender's missing display text before mapping.
 */
import type { Bundle, Resource } from '../fhir-types.js';
import { arrayOf, objectOf, refOf, stringOf, stringsOf } from '../guards.js';

/** The search parameter that brings each message's sender along with it. */
export const INCLUDE_SENDERS = '_include=Communication:sender';

/** A person's name as written: `text`, else prefix, given and family names. */
export function personName(resource: Resource | undefined): string {
  const name = arrayOf<{ text?: unknown; given?: unknown; family?: unknown; prefix?: unknown }>(resource?.name)[0];
  if (!name) return '';
  const text = stringOf(name.text);
  if (text) return text;
  return [...stringsOf(name.prefix), ...stringsOf(name.given), stringOf(name.family) ?? ''].filter(Boolean).join(' ');
}

/** The name of any resource that can send a message. */
function senderName(resource: Resource): string {
  switch (resource.resourceType) {
    case 'Patient':
    case 'Practitioner':
    case 'RelatedPerson':
      return personName(resource);
    case 'PractitionerRole':
      return stringOf(objectOf(resource.practitioner)?.display) ?? '';
    default:
      // Organization, HealthcareService, Device (deviceName is a list)
      return stringOf(resource.name) ?? stringOf(arrayOf<{ name?: unknown }>(resource.deviceName)[0]?.name) ?? '';
  }
}

/**
 * The bundle with every Communication's nameless sender named from the bundle's included
 * resources. Entries and everything else are kept; the input is not changed.
 */
export function withSenderNames<B extends Bundle | undefined>(bundle: B): B {
  const entries = arrayOf<{ resource?: unknown }>(objectOf(bundle)?.entry);
  const names = new Map<string, string>();
  for (const entry of entries) {
    const resource = objectOf(entry.resource) as Resource | undefined;
    if (!resource?.resourceType || resource.resourceType === 'Communication' || !stringOf(resource.id)) continue;
    const name = senderName(resource);
    if (name) names.set(`${resource.resourceType}/${resource.id as string}`, name);
  }
  if (!names.size) return bundle;
  return {
    ...(bundle as Bundle),
    entry: entries.map((entry) => {
      const resource = objectOf(entry.resource) as Resource | undefined;
      const sender = objectOf(resource?.sender);
      const ref = refOf(sender);
      if (resource?.resourceType !== 'Communication' || !sender || stringOf(sender.display) || !ref || !names.has(ref)) {
        return entry;
      }
      return { ...entry, resource: { ...resource, sender: { ...sender, display: names.get(ref) } } };
    }),
  } as B;
}
