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
      const members = kids(event, 'performer').map((performer): CareTeamMember => {
        const entity = kid(performer, 'assignedEntity');
        const organization = kid(entity, 'representedOrganization');
        const role = codedOf(kid(performer, 'functionCode'), lookup);
        const specialty = codedOf(kid(entity, 'code'), lookup);
        return {
          name: personName(kid(entity, 'assignedPerson')) ?? text(kid(organization, 'name')),
          role: role.text || role.codings.length ? role : specialty.codings.length ? specialty : undefined,
          organization: text(kid(organization, 'name')),
          contacts: [...contactsOf(entity), ...contactsOf(organization)],
        };
      });
      const time = timeOf(kid(event, 'effectiveTime'));
      return {
        id: idOf(event, 'careteam'),
        name: { codings: [] },
        members,
        reasons: [],
        start: time.start,
        end: time.end,
      };
    });
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
  const add = (el: Element, implant: boolean | undefined) => {
    const device = kids(el, 'participant')
      .map((p) => kid(p, 'participantRole', 'playingDevice'))
      .find((d): d is Element => !!d);
    const name = codedOf(kid(device, 'code') ?? (el.localName === 'procedure' ? kid(el, 'code') : undefined), lookup);
    if (!name.text && !name.codings.some((c) => c.display)) name.text = text(kid(device, 'manufacturerModelName')) ?? lookup(kid(el, 'text'));
    if (attr(el, 'negationInd') === 'true') {
      if (!name.codings.some((c) => c.code && !GENERIC_CODES.has(c.code))) none = true;
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
    });
  };
  for (const entry of entries) {
    if (entry.localName === 'organizer') {
      const implant = attr(kid(entry, 'code'), 'code') === IMPLANT_CODE || undefined;
      for (const component of kids(entry, 'component')) {
        const member = kids(component)[0];
        if (member && (member.localName === 'supply' || member.localName === 'procedure')) add(member, implant);
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
  const observations = entries.flatMap((entry) =>
    entry.localName === 'organizer' ? kids(entry, 'component').map((c) => kid(c, 'observation')).filter((o): o is Element => !!o) : entry.localName === 'observation' ? [entry] : [],
  );
  for (const obs of observations) {
    const value = codedOf(kid(obs, 'value'), lookup);
    const kind = codedOf(kid(obs, 'code'), lookup);
    if (attr(obs, 'negationInd') === 'true') {
      none = true;
      continue;
    }
    const named = value.text || value.codings.length ? value : kind;
    out.push({
      id: idOf(obs, 'directive'),
      name: named.text || named.codings.length ? named : { text: lookup(kid(obs, 'text')), codings: [] },
      kind: named === value ? kind : undefined,
      date: timeOf(kid(obs, 'effectiveTime')).start,
    });
  }
  return { entries: out, none };
}
