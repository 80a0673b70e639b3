/**
 * Care-team, device and advance-directive entries of <engage-clinical-summary>: who looks
 * after the patient (name, role, organization, how to reach them), the implants and
 * equipment they have, and the decisions they made ahead (do not resuscitate).
 * Sub-templates of the element; every recorded text goes through Lit text bindings.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg } from '../../core/localization.js';
import type {
  AdvanceDirectiveEntry,
  CareTeamEntry,
  CareTeamMember,
  CodedValue,
  ContactValue,
  DeviceEntry,
} from '../../adapters/ports.js';
import { codedText } from '../../core/format.js';
import { contactKindText, statusText } from './summary-labels.js';

/** What the element lends its sub-templates: its field, date and name helpers. */
export interface EntryHelpers {
  /** The patient view: plain words, units and precision. */
  plain: boolean;
  field(label: string, value: string | TemplateResult | undefined | false): TemplateResult | typeof nothing;
  date(value: string | undefined): string;
  name(value: CodedValue, fallback?: string): string;
  badge: unknown;
  /** A "Learn more" infobutton for a coded problem, medicine or test (#17), or nothing. */
  learnMore?(coded: CodedValue): TemplateResult | typeof nothing;
}

/** A label and its value in a definition list; nothing when there is no value. */
export function renderField(label: string, value: string | TemplateResult | undefined | false): TemplateResult | typeof nothing {
  if (value === undefined || value === false || value === '') return nothing;
  return html`<div class="field"><dt>${label}</dt><dd>${value}</dd></div>`;
}

/*
 * A contact becomes a link only when it plainly is a phone number or an email address;
 * anything else (a recorded "tel:" URL with odd characters, a web address) stays text, so
 * no recorded value can become a `javascript:` or other active link.
 */
const PHONE = /^(?:tel:)?\s*(\+?[\d\s().-]{3,})$/i;
const EMAIL = /^(?:mailto:)?([^\s@<>"'():;,]+@[^\s@<>"'():;,]+\.[A-Za-z]{2,})$/i;

function contactLink(contact: ContactValue): TemplateResult | string {
  const phone = contact.system !== 'email' ? PHONE.exec(contact.value) : null;
  if (phone) {
    const number = phone[1]!.trim();
    return html`<a href="tel:${number.replace(/[^\d+]/g, '')}">${number}</a>`;
  }
  const email = EMAIL.exec(contact.value);
  if (email) return html`<a href="mailto:${email[1]}">${email[1]}</a>`;
  return contact.value.replace(/^(tel|mailto|fax):/i, '');
}

function renderContacts(contacts: readonly ContactValue[]): TemplateResult | typeof nothing {
  // the same number recorded for a person and their role is shown once
  const unique = contacts.filter((c, i) => contacts.findIndex((d) => d.value === c.value) === i);
  if (!unique.length) return nothing;
  return html`<ul class="contacts" role="list">
    ${unique.map((c) => html`<li>${contactKindText(c.system)}: ${contactLink(c)}</li>`)}
  </ul>`;
}

function renderMember(member: CareTeamMember): TemplateResult {
  const role = member.role ? codedText(member.role) : '';
  const who = member.name ?? msg('Name not recorded', { id: 'summary.careteam.no-name' });
  return html`<li class="member">
    <span class="member__name">${who}</span>${role ? html`<span class="member__role"> — ${role}</span>` : nothing}${member.organization &&
    member.organization !== member.name
      ? html`<span class="member__organization"> (${member.organization})</span>`
      : nothing}
    ${renderContacts(member.contacts)}
  </li>`;
}

export function renderCareTeam(e: CareTeamEntry, h: EntryHelpers): TemplateResult {
  const reasons = e.reasons.map((r) => codedText(r)).filter(Boolean).join(', ');
  return html`<div class="entry__name">${h.name(e.name, msg('Care team', { id: 'summary.careteam.untitled' }))}${h.badge}</div>
    ${e.members.length
      ? html`<ul class="members" role="list" aria-label=${msg('Members', { id: 'summary.field.members' })}>
          ${e.members.map(renderMember)}
        </ul>`
      : nothing}
    <dl class="fields">
      ${h.field(msg('Cares for', { id: 'summary.field.cares-for' }), reasons)}
      ${h.field(msg('Since', { id: 'summary.field.since' }), e.start && h.date(e.start))}
      ${h.field(msg('Until', { id: 'summary.field.until' }), e.end && h.date(e.end))}
      ${h.field(msg('Status', { id: 'summary.field.status' }), e.status && statusText(e.status))}
    </dl>`;
}

export function renderDevice(e: DeviceEntry, h: EntryHelpers): TemplateResult {
  const kind =
    e.implant === true
      ? msg('Implant', { id: 'summary.device.implant' })
      : e.implant === false
        ? msg('Equipment', { id: 'summary.device.equipment' })
        : undefined;
  return html`<div class="entry__name">${h.name(e.name)}${h.badge}</div>
    <dl class="fields">
      ${h.field(msg('Kind', { id: 'summary.field.kind' }), kind)}
      ${h.field(msg('Since', { id: 'summary.field.since' }), e.start && h.date(e.start))}
      ${h.field(msg('Until', { id: 'summary.field.until' }), e.end && h.date(e.end))}
      ${h.field(msg('Made by', { id: 'summary.field.maker' }), e.maker)}
      ${h.field(msg('Device ID (UDI)', { id: 'summary.field.udi' }), e.udi)}
      ${h.field(msg('Status', { id: 'summary.field.status' }), e.status && statusText(e.status))}
    </dl>`;
}

/** The names of a directive after its first, each after a comma: all it decides is shown. */
export const directiveMore = (e: Partial<AdvanceDirectiveEntry>, name: (value: CodedValue) => string): string =>
  (e.more ?? []).map((more) => `, ${name(more)}`).join('');

/** What a directive excepts, as one line ("Intubation, Dialysis"), or undefined. */
export const directiveExceptions = (e: Partial<AdvanceDirectiveEntry>, name: (value: CodedValue) => string): string | undefined =>
  e.exceptions?.map(name).join(', ');

/** The label of a directive's exceptions. */
export const exceptLabel = (): string => msg('Except', { id: 'summary.field.except' });

export function renderDirective(e: AdvanceDirectiveEntry, h: EntryHelpers): TemplateResult {
  const kind = e.kind ? codedText(e.kind) : '';
  return html`<div class="entry__name">${h.name(e.name)}${directiveMore(e, h.name)}${h.badge}</div>
    <dl class="fields">
      ${h.field(exceptLabel(), directiveExceptions(e, h.name))}
      ${h.field(msg('Kind', { id: 'summary.field.kind' }), kind !== h.name(e.name) ? kind : undefined)}
      ${h.field(msg('Date', { id: 'summary.field.date' }), e.date && h.date(e.date))}
      ${h.field(msg('Status', { id: 'summary.field.status' }), e.status && statusText(e.status))}
    </dl>`;
}
