/**
 * C-CDA care team (the document's care providers), medical equipment (supplies, device
 * procedures, implant organizers) and advance directives.
 */
import type {
  AdvanceDirectiveEntry,
  CareTeamEntry,
  CareTeamMember,
  ContactValue,
  DeviceEntry,
} from '../ports.js';
import {
  kids,
  kid,
  attr,
  text,
  isNull,
  timeOf,
  type Lookup,
  codedOf,
  personName,
  idOf,
  GENERIC_CODES,
} from './ccda-dom.js';
import { ccdaEnteredInError } from '../negation.js';

// ---------------------------------------------------------------------------
// Care team (the document's care providers) and medical equipment
// ---------------------------------------------------------------------------

const TELECOM_SYSTEMS: Record<string, string> = { tel: 'phone', mailto: 'email', fax: 'fax', http: 'url', https: 'url' };
const TELECOM_USES: Record<string, string> = { WP: 'work', HP: 'home', H: 'home', MC: 'mobile', PG: 'pager', TMP: 'temp' };

/** `<telecom value="tel:+1(555)555-1004" use="WP">` elements as contacts. */
function contactsOf(el: Element | undefined): ContactValue[] {
  return kids(el, 'telecom')
    .filter((t) => !isNull(t) && attr(t, 'value'))
    .map((t) => {
      const raw = attr(t, 'value')!;
      const scheme = /^([a-z]+):/i.exec(raw)?.[1]?.toLowerCase();
      return {
        system: scheme ? TELECOM_SYSTEMS[scheme] : undefined,
        value: raw.replace(/^(tel|mailto|fax):\s*/i, ''),
        use: TELECOM_USES[attr(t, 'use') ?? ''],
      };
    });
}

/**
 * One care team member from a `performer` (a provider: their person or organization, their
 * function — `functionCode`, also as `sdtc:functionCode` — else their specialty, and how
 * to reach them) or, for a member who is not a provider (a caregiver), a `participant`.
 */
function memberOf(el: Element, lookup: Lookup): CareTeamMember {
  if (el.localName === 'participant') {
    const role = kid(el, 'participantRole');
    const entity = kid(role, 'playingEntity');
    const kind = codedOf(kid(role, 'code'), lookup);
    return {
      name: personName(entity) ?? text(kid(entity, 'name')),
      role: kind.text || kind.codings.length ? kind : undefined,
      contacts: contactsOf(role),
    };
  }
  const entity = kid(el, 'assignedEntity');
  const organization = kid(entity, 'representedOrganization');
  const role = codedOf(kid(el, 'functionCode'), lookup);
  const specialty = codedOf(kid(entity, 'code'), lookup);
  return {
    name: personName(kid(entity, 'assignedPerson')) ?? text(kid(organization, 'name')),
    role: role.text || role.codings.length ? role : specialty.codings.length ? specialty : undefined,
    organization: text(kid(organization, 'name')),
    contacts: [...contactsOf(entity), ...contactsOf(organization)],
  };
}

/**
 * The care team of a document: the performers of its `documentationOf/serviceEvent`
 * (C-CDA's "care team members": primary care provider and others, with their function,
 * organization and telecom). One team per service event.
 */
export function careTeams(doc: Document, lookup: Lookup): CareTeamEntry[] {
  const root = doc.documentElement;
  if (root.localName !== 'ClinicalDocument') return [];
  return kids(root, 'documentationOf')
    .map((documentation) => kid(documentation, 'serviceEvent'))
    .filter((event): event is Element => !!event && kids(event, 'performer').length > 0)
    .map((event): CareTeamEntry => {
      const time = timeOf(kid(event, 'effectiveTime'));
      return {
        id: idOf(event, 'careteam'),
        name: { codings: [] },
        members: kids(event, 'performer').map((performer) => memberOf(performer, lookup)),
        reasons: [],
        start: time.start,
        end: time.end,
      };
    });
}

/**
 * The care team section (LOINC 85847-2): each Care Team Organizer is a team — its name
 * (the code's original text, "My Care Team"), status and period — whose members are its
 * Care Team Member Acts, each a performer (a provider) or a participant (a caregiver). A
 * member act recorded in error (`nullified`) is left out; the lead is marked by the
 * organizer's `PPRF` participant and needs no entry of its own.
 */
export function careTeamSection(entries: Element[], lookup: Lookup): { entries: CareTeamEntry[]; none: boolean } {
  const out: CareTeamEntry[] = [];
  let none = false;
  for (const organizer of entries.filter((e) => e.localName === 'organizer')) {
    if (attr(organizer, 'negationInd') === 'true') {
      none = true;
      continue;
    }
    const members = kids(organizer, 'component')
      .map((component) => kid(component, 'act'))
      .filter((act): act is Element => !!act && attr(kid(act, 'statusCode'), 'code') !== 'nullified')
      .flatMap((act) => [
        ...kids(act, 'performer'),
        // a member who is not a provider is an individual participant (other participants are places, devices)
        ...kids(act, 'participant').filter((p) => (attr(p, 'typeCode') ?? 'IND') === 'IND'),
      ])
      .map((el) => memberOf(el, lookup));
    const name = codedOf(kid(organizer, 'code'), lookup);
    const time = timeOf(kid(organizer, 'effectiveTime'));
    out.push({
      id: idOf(organizer, 'careteam'),
      name,
      members,
      reasons: [],
      start: time.start,
      end: time.end,
      status: attr(kid(organizer, 'statusCode'), 'code'),
      enteredInError: ccdaEnteredInError(organizer),
    });
  }
  return { entries: out, none };
}

const IMPLANT_CODE = '40388003';

/**
 * Medical equipment: supplies (the device is the product's `playingDevice`), device
 * procedures, and organizers grouping them (an organizer coded "Implant" makes its
 * members implants). The supply's own status is the act's, not the device's: not shown.
 */
export function equipment(entries: Element[], lookup: Lookup): { entries: DeviceEntry[]; none: boolean } {
  const out: DeviceEntry[] = [];
  let none = false;
  const add = (el: Element, implant: boolean | undefined, organizer?: Element) => {
    const enteredInError = ccdaEnteredInError(el, organizer);
    const device = kids(el, 'participant')
      .map((p) => kid(p, 'participantRole', 'playingDevice'))
      .find((d): d is Element => !!d);
    const name = codedOf(kid(device, 'code') ?? (el.localName === 'procedure' ? kid(el, 'code') : undefined), lookup);
    if (!name.text && !name.codings.some((c) => c.display)) name.text = text(kid(device, 'manufacturerModelName')) ?? lookup(kid(el, 'text'));
    if (attr(el, 'negationInd') === 'true') {
      if (!enteredInError && !name.codings.some((c) => c.code && !GENERIC_CODES.has(c.code))) none = true;
      return;
    }
    const time = timeOf(kid(el, 'effectiveTime'));
    // the FDA's UDI is the product instance's id under the UDI root
    const udi = kids(device?.parentElement, 'id').find((i) => attr(i, 'root') === '2.16.840.1.113883.3.3719');
    out.push({
      id: idOf(el, 'device'),
      name,
      implant,
      maker: text(kid(device, 'manufacturerModelName')),
      udi: attr(udi, 'extension'),
      // a supply records when it was handed over: its only date is when the device was had from
      start: time.start ?? time.end,
      enteredInError,
    });
  };
  for (const entry of entries) {
    if (entry.localName === 'organizer') {
      const implant = attr(kid(entry, 'code'), 'code') === IMPLANT_CODE || undefined;
      for (const component of kids(entry, 'component')) {
        const member = kids(component)[0];
        if (member && (member.localName === 'supply' || member.localName === 'procedure')) add(member, implant, entry);
      }
    } else if (entry.localName === 'supply' || entry.localName === 'procedure') {
      add(entry, undefined);
    }
  }
  return { entries: out, none };
}

/**
 * Advance directive observations, alone or in an advance-directive organizer: what the
 * directive says (the value, "Not for resuscitation") and its kind (the code).
 */
export function directives(entries: Element[], lookup: Lookup): { entries: AdvanceDirectiveEntry[]; none: boolean } {
  const out: AdvanceDirectiveEntry[] = [];
  let none = false;
  const observations = entries.flatMap((entry): { obs: Element; organizer?: Element }[] =>
    entry.localName === 'organizer'
      ? kids(entry, 'component')
          .map((c) => kid(c, 'observation'))
          .filter((o): o is Element => !!o)
          .map((obs) => ({ obs, organizer: entry }))
      : entry.localName === 'observation'
        ? [{ obs: entry }]
        : [],
  );
  for (const { obs, organizer } of observations) {
    const value = codedOf(kid(obs, 'value'), lookup);
    const kind = codedOf(kid(obs, 'code'), lookup);
    const enteredInError = ccdaEnteredInError(obs, organizer);
    if (attr(obs, 'negationInd') === 'true') {
      if (!enteredInError) none = true;
      continue;
    }
    const named = value.text || value.codings.length ? value : kind;
    out.push({
      id: idOf(obs, 'directive'),
      name: named.text || named.codings.length ? named : { text: lookup(kid(obs, 'text')), codings: [] },
      kind: named === value ? kind : undefined,
      date: timeOf(kid(obs, 'effectiveTime')).start,
      enteredInError,
    });
  }
  return { entries: out, none };
}
