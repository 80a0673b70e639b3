/**
 * FHIR R4 CareTeam, Device, DeviceUseStatement and Consent → care-team, device and
 * advance-directive entries. Pure
 * and tolerant like the other summary mappings: a member, a name or a date that cannot be
 * read is left out, nothing throws.
 */
import type { AdvanceDirectiveEntry, CareTeamEntry, CareTeamMember, CodedValue, ContactValue, DeviceEntry, DocumentEntry } from '../../ports.js';
import type { Reference } from '../fhir-types.js';
import { arr, obj, str, toName } from './common.js';
import { coded, idOf, type Json, type Resolver as Resolve } from './summary-fields.js';
import { consentProvision, fhirNegation } from '../../negation.js';

/** ContactPoints with a value; a number's or address's text is kept as recorded. */
export function toContacts(telecom: unknown): ContactValue[] {
  return arr<Json>(telecom)
    .filter((point) => str(point.value))
    .map((point) => ({ system: str(point.system), value: (point.value as string).trim(), use: str(point.use) }));
}

/** A person's or organization's name as one line. */
function nameOf(resource: Json | undefined): string | undefined {
  if (!resource) return undefined;
  if (str(resource.name)) return resource.name;
  const names = arr<Json>(resource.name);
  if (!names.length) return undefined;
  const name = toName(names.find((n) => n.use === 'official') ?? names[0]);
  return name.text ?? ([...name.prefix, ...name.given, name.family, ...name.suffix].filter(Boolean).join(' ') || undefined);
}

/** The display of a reference, else the name of what it points to. */
function referenced(reference: unknown, resolve: Resolve): { name?: string; target?: Json } {
  const ref = obj(reference) as Reference | undefined;
  const target = resolve(ref) as Json | undefined;
  return { name: str(ref?.display) ?? nameOf(target), target };
}

/**
 * One participant: who, in what role, for which organization, and how to reach them. A
 * PractitionerRole member names its practitioner and organization and carries the
 * contacts of both (the role's own first: they are the ones for this job).
 */
function memberOf(participant: Json, resolve: Resolve): CareTeamMember {
  const { name, target } = referenced(participant.member, resolve);
  let person = name;
  let organization = referenced(participant.onBehalfOf, resolve).name;
  let role: CodedValue | undefined = arr(participant.role).map(coded)[0];
  const contacts = toContacts(target?.telecom);
  if (target?.resourceType === 'PractitionerRole') {
    const practitioner = referenced(target.practitioner, resolve);
    person = str(obj(participant.member)?.display) ?? practitioner.name;
    const employer = referenced(target.organization, resolve);
    organization ??= employer.name;
    role ??= arr(target.code).map(coded)[0];
    contacts.push(...toContacts(practitioner.target?.telecom), ...toContacts(employer.target?.telecom));
  }
  return { name: person, role, organization, contacts };
}

export function toCareTeam(resource: Json, resolve: Resolve, index = 0): CareTeamEntry {
  const period = obj(resource.period) ?? {};
  const category = arr(resource.category).map(coded)[0];
  return {
    id: idOf(resource, `careteam-${index}`),
    name: str(resource.name) ? { text: resource.name, codings: [] } : (category ?? { codings: [] }),
    status: str(resource.status),
    enteredInError: resource.status === 'entered-in-error' || undefined,
    members: arr<Json>(resource.participant).map((participant) => memberOf(participant, resolve)),
    reasons: arr(resource.reasonCode).map(coded),
    start: str(period.start),
    end: str(period.end),
    narrative: str(obj(resource.text)?.div),
  };
}

const IMPLANTABLE_PROFILE = /us-core-implantable-device|implantable/i;

/** What a device is: its type when named, else its user-friendly (or any) recorded name. */
function deviceName(resource: Json): { name: CodedValue; brand?: string } {
  const type = coded(resource.type);
  const names = arr<Json>(resource.deviceName).filter((n) => str(n.name));
  const friendly = (names.find((n) => n.type === 'user-friendly-name') ?? names[0])?.name as string | undefined;
  if (type.text || type.codings.some((c) => c.display)) return { name: type, brand: friendly };
  return { name: friendly ? { text: friendly, codings: type.codings } : type };
}

/** A Device resource of the patient (`Device.patient`). */
export function toDevice(resource: Json, index = 0): DeviceEntry {
  const { name, brand } = deviceName(resource);
  const maker = [str(resource.manufacturer), brand, str(resource.modelNumber)].filter(Boolean).join(' · ');
  const udi = obj(arr(resource.udiCarrier)[0]);
  const profiles = arr<string>(obj(resource.meta)?.profile).filter((p) => typeof p === 'string');
  return {
    id: idOf(resource, `device-${index}`),
    name,
    implant: profiles.some((p) => IMPLANTABLE_PROFILE.test(p)) || undefined,
    maker: maker || undefined,
    udi: str(udi?.carrierHRF) ?? str(udi?.deviceIdentifier),
    status: str(resource.status),
    enteredInError: resource.status === 'entered-in-error' || undefined,
    narrative: str(obj(resource.text)?.div),
  };
}

/** A DeviceUseStatement: the device it points to, with the statement's status and times. */
export function toDeviceUse(resource: Json, resolve: Resolve, index = 0): DeviceEntry {
  const reference = obj(resource.device) as Reference | undefined;
  const device = resolve(reference) as Json | undefined;
  const base = device ? toDevice(device, index) : undefined;
  const named = base && (base.name.text || base.name.codings.length) ? base.name : { text: str(reference?.display), codings: [] };
  const timing = obj(resource.timingPeriod) ?? {};
  return {
    ...base,
    id: idOf(resource, `device-use-${index}`),
    name: named,
    implant: base?.implant,
    status: str(resource.status),
    enteredInError: resource.status === 'entered-in-error' || undefined,
    start: str(timing.start) ?? str(resource.timingDateTime),
    end: str(timing.end),
    narrative: str(obj(resource.text)?.div) ?? base?.narrative,
  };
}

/** The `Type/id` a Device reference points to, for skipping a Device its statement shows. */
export function deviceKey(reference: unknown, resolve: Resolve): string | undefined {
  const device = resolve(obj(reference) as Reference | undefined);
  return device?.id ? `Device/${device.id}` : undefined;
}

/** Consent scopes that are not advance directives (privacy, research): not shown as one. */
const NOT_DIRECTIVE_SCOPES = new Set(['patient-privacy', 'research']);

/** Whether a Consent records an advance directive (a DNR, a living will), not a privacy choice. */
export function isAdvanceDirective(resource: Json): boolean {
  return !coded(resource.scope).codings.some((c) => c.code && NOT_DIRECTIVE_SCOPES.has(c.code));
}

/**
 * What a Consent's rules name, split by what they decide: the deciding rule's codes and those
 * of rules beside it that decide the same (`named`), and the codes of the rules that decide
 * the other way (`exceptions`). R4 nests a rule's exceptions in `provision.provision`, typed
 * or not; when the deciding rule was picked from a root that holds only rules, its sibling
 * rules are read the same way. Rules nested deeper (an exception to an exception) are not
 * read: the directive's narrative, shown beside it, still holds them.
 */
function directiveRules(resource: Json): { named: CodedValue[]; exceptions: CodedValue[] } {
  const deciding = consentProvision(resource);
  const root = obj(resource.provision);
  const beside = [...arr<Json>(deciding?.provision), ...(deciding !== root ? arr<Json>(root?.provision).filter((rule) => rule !== deciding) : [])];
  const named = arr(deciding?.code).map(coded);
  const exceptions: CodedValue[] = [];
  for (const rule of beside) {
    (str(rule.type) && rule.type === deciding?.type ? named : exceptions).push(...arr(rule.code).map(coded));
  }
  return { named, exceptions };
}

/**
 * A Consent that records an advance directive: everything its rules name (else its
 * category), its exceptions, and when. A deciding provision of type `deny` is a refusal
 * (`negation`), never shown as something the patient agreed to.
 */
export function toAdvanceDirective(resource: Json, index = 0): AdvanceDirectiveEntry {
  const provision = consentProvision(resource);
  const { named, exceptions } = directiveRules(resource);
  const kind = arr(resource.category).map(coded)[0];
  return {
    id: idOf(resource, `directive-${index}`),
    name: named[0] ?? kind ?? { codings: [] },
    more: named.length > 1 ? named.slice(1) : undefined,
    exceptions: exceptions.length ? exceptions : undefined,
    kind: named[0] ? kind : undefined,
    date: str(resource.dateTime) ?? str(obj(provision?.period)?.start) ?? str(obj(obj(resource.provision)?.period)?.start),
    status: str(resource.status),
    enteredInError: resource.status === 'entered-in-error' || undefined,
    negation: fhirNegation(resource),
    narrative: str(obj(resource.text)?.div),
  };
}

/** LOINC "Advance healthcare directives": the category of a US Core ADI DocumentReference. */
const ADVANCE_DIRECTIVES = '42348-3';

const directiveCategory = (resource: Json): CodedValue | undefined =>
  arr(resource.category).map(coded).find((c) => c.codings.some((x) => x.code === ADVANCE_DIRECTIVES));

/** Whether a DocumentReference is an advance directive kept as a document (a living will, a power of attorney). */
export function isDirectiveDocument(resource: Json): boolean {
  return !!directiveCategory(resource);
}

/**
 * An advance directive kept as a document, from the document's own entry (same name and
 * date as among the notes): a current document is in force, a superseded one no longer is.
 */
export function toDirectiveDocument(resource: Json, document: DocumentEntry): AdvanceDirectiveEntry {
  const status = document.status === 'current' ? 'active' : document.status === 'superseded' ? 'inactive' : document.status;
  return {
    id: document.id,
    name: document.type ?? { text: document.title, codings: [] },
    kind: directiveCategory(resource),
    date: document.date,
    status,
    enteredInError: document.enteredInError,
  };
}
