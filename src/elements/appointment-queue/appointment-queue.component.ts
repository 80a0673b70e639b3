import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { msg, str } from '../../core/localization.js';
import type { Appointment, AppointmentStatus, RequestDecision, SchedulingPort, Slot, VisitType } from '../../adapters/ports.js';
import { EngageElement, headingLevelOf } from '../../core/engage-element.js';
import { isEngageError } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import { errorText, renderEmpty } from '../../core/states.js';
import { WriteIntent } from '../../core/write-protocol.js';
import { dateTimeIn, timeIn } from '../appointments/appointment-time.js';
import { appointmentStyles } from '../appointments/appointments.styles.js';
import { dayChoices, timeChoices } from '../appointments/request-form.js';
import { iconCalendar, iconCheck } from '../../core/icons.js';
import { viewerTimeZone } from '../../core/lang.js';

/** Detail of `engage-appointment-decision`. */
export interface AppointmentDecisionDetail {
  /** The request after the decision. */
  appointment: Appointment;
  /** The decision made. */
  decision: RequestDecision;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'engage-appointment-decision': CustomEvent<AppointmentDecisionDetail>;
  }
}

interface Draft {
  action: RequestDecision['action'];
  /** The visit type the clinic chose, for a request that names none. */
  visitType?: string;
  slots: string[];
  reason: string;
  saving?: boolean;
  invalid?: string;
  error?: unknown;
  taken?: boolean;
}

/** A visit's status in the clinic's words (the day list shows it beside each visit). */
function statusWord(status: AppointmentStatus): string {
  switch (status) {
    case 'booked':
      return msg('Booked', { id: 'appointment-queue.status.booked' });
    case 'arrived':
      return msg('Checked in', { id: 'appointment-queue.status.arrived' });
    case 'fulfilled':
      return msg('Completed', { id: 'appointment-queue.status.fulfilled' });
    case 'noshow':
      return msg('No-show', { id: 'appointment-queue.status.noshow' });
    case 'cancelled':
      return msg('Cancelled', { id: 'appointment-queue.status.cancelled' });
    case 'declined':
      return msg('Declined', { id: 'appointment-queue.status.declined' });
    case 'pending':
      return msg('Not confirmed', { id: 'appointment-queue.status.pending' });
    case 'requested':
    case 'proposed':
      return msg('Requested', { id: 'appointment-queue.status.requested' });
  }
}

/** How far ahead the queue offers slots. */
const DAYS_AHEAD = 28;

/**
 * The clinic's queue of appointment requests: for each, the patient, visit type, preferred
 * days and times and note, and a decision — approve into an open slot, propose times, or
 * decline with a reason the patient sees. With `clinician` and `date` set it shows that
 * clinician's day list instead (what a front-desk screen embeds). Decisions follow the
 * write protocol; a slot taken meanwhile is reported and the list of slots refreshed.
 *
 * @tag engage-appointment-queue
 * @summary Clinic queue of appointment requests, and a clinician's day list.
 *
 * @cssprop --engage-appointments-background - Background of the element (shared with `<engage-appointments>`); default the surface colour.
 * @csspart base - The element's container.
 * @csspart request - One request.
 * @csspart state - Any loading, empty, error or not-configured message.
 *
 * @fires engage-appointment-decision - After a decision was saved; `detail.appointment`, `detail.decision`.
 */
export class EngageAppointmentQueue extends EngageElement {
  static override styles = [...EngageElement.styles, appointmentStyles];

  /** Heading level (1–6) of the title. */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 2;

  /** With `date`: show this clinician's day list (`Practitioner/…`) instead of the queue. */
  @property()
  clinician?: string;

  /** The day of the day list (`YYYY-MM-DD`, in `time-zone`). */
  @property()
  date?: string;

  /**
   * How many weeks ahead the queue offers slots to approve into or propose (default 4);
   * a clinic whose schedules open further out sets it, as `<engage-appointments>` does.
   */
  @property({ type: Number, attribute: 'weeks-ahead' })
  weeksAhead = DAYS_AHEAD / 7;

  /** The days searched for open times: `weeks-ahead` in days (what "no open times" speaks of). */
  private get windowDays(): number {
    return Math.max(1, Math.round(this.weeksAhead * 7) || DAYS_AHEAD);
  }

  /**
   * The clinic's time zone (IANA, e.g. `America/New_York`) for the day list and for times
   * whose location names none. Default: the viewer's own zone, so a clinician's day list is
   * their day, not UTC's.
   */
  @property({ attribute: 'time-zone' })
  timeZone?: string;

  /** The zone the day list and times are read in. */
  private get zone(): string {
    return this.timeZone || viewerTimeZone();
  }

  @state() private drafts: Record<string, Draft> = {};
  /** Open times of visit types chosen for requests that name none, loaded on choosing. */
  @state() private chosenSlots: Record<string, Slot[] | 'loading' | 'failed'> = {};
  @state() private announcement = '';
  private readonly intents = new Map<string, WriteIntent<RequestDecision>>();

  private readonly queueTask = new Task(this, {
    task: async ([port, clinician, date, zone, days], { signal }) => {
      const scheduling = port as SchedulingPort;
      if (clinician && date) return { day: await scheduling.dayList(clinician as string, date as string, zone as string, { signal }), requests: [], slots: {} as Record<string, Slot[]>, types: [] };
      const requests = await scheduling.listRequests({ signal });
      // a request that names no visit type is booked in one the clinic chooses
      const types = requests.some((r) => !r.visitType) ? await scheduling.visitTypes({ signal }) : [];
      const range = this.window(days as number);
      // the requests' visit types, and those chosen on cards still open (a reload keeps their times)
      const chosen = Object.values(this.drafts).map((d) => d.visitType);
      const named = [...new Set([...requests.map((r) => r.visitType?.id), ...chosen].filter((id): id is string => Boolean(id)))];
      // each type's times side by side, not one round trip after another
      const found = await Promise.all(named.map((type) => scheduling.slots({ visitType: type, ...range }, { signal })));
      const slots: Record<string, Slot[]> = Object.fromEntries(named.map((type, i) => [type, found[i]!]));
      this.chosenSlots = {};
      return { day: undefined, requests, slots, types };
    },
    args: () => [this.portOf('scheduling'), this.clinician, this.date, this.zone, this.windowDays] as const,
    autoRun: true,
  });

  /** Reloads the queue. */
  refresh(): Promise<unknown> {
    return this.queueTask.run();
  }

  /** The times the queue looks at: from now, `days` ahead. */
  private window(days: number): { from: string; to: string } {
    const now = this.activeSession.now();
    return { from: now.toISOString(), to: new Date(now.getTime() + days * 24 * 3600_000).toISOString() };
  }

  /** Whether a request can be booked or offered times: it names a visit type, or the clinic has some to choose. */
  private bookable(id: string): boolean {
    const loaded = this.queueTask.value;
    const request = loaded?.requests.find((r) => r.id === id);
    return !request || Boolean(request.visitType) || Boolean(loaded?.types.length);
  }

  private draftOf(id: string): Draft {
    return this.drafts[id] ?? { action: this.bookable(id) ? 'approve' : 'decline', slots: [], reason: '' };
  }

  /** The clinic chose a visit type for a request that names none: its open times are listed. */
  private async chooseType(id: string, visitType: string): Promise<void> {
    this.edit(id, { visitType: visitType || undefined, slots: [], invalid: undefined, taken: false });
    const port = this.portOf('scheduling');
    const known = this.queueTask.value?.slots[visitType] ?? this.chosenSlots[visitType];
    if (!port || !visitType || (known && known !== 'failed')) return;
    this.chosenSlots = { ...this.chosenSlots, [visitType]: 'loading' };
    const found = await port.slots({ visitType, ...this.window(this.windowDays) }).catch(() => 'failed' as const);
    this.chosenSlots = { ...this.chosenSlots, [visitType]: found };
  }

  /** "Try again" after the chosen visit type's times failed to load; focus goes to what replaced it. */
  private async retryTimes(id: string, visitType: string): Promise<void> {
    await this.chooseType(id, visitType);
    await this.updateComplete;
    (this.renderRoot as ShadowRoot).getElementById(`times-${id}`)?.querySelector<HTMLElement>('input, button')?.focus();
  }

  private edit(id: string, change: Partial<Draft>): void {
    this.drafts = { ...this.drafts, [id]: { ...this.draftOf(id), ...change } };
  }

  private decisionOf(request: Appointment, draft: Draft): RequestDecision | string {
    // a request that names no visit type is booked (or offered times) in the one chosen
    const chosen = request.visitType ? {} : draft.visitType ? { visitType: draft.visitType } : undefined;
    if (draft.action !== 'decline' && !chosen) return msg('Choose a visit type.', { id: 'appointment-queue.error.type' });
    if (draft.action === 'approve') {
      return draft.slots[0] ? { action: 'approve', slotId: draft.slots[0], ...chosen } : msg('Pick a time.', { id: 'appointment-queue.error.slot' });
    }
    if (draft.action === 'propose') {
      return draft.slots.length
        ? { action: 'propose', slotIds: draft.slots, ...(draft.reason.trim() ? { message: draft.reason.trim() } : {}), ...chosen }
        : msg('Pick at least one time.', { id: 'appointment-queue.error.slots' });
    }
    return draft.reason.trim() ? { action: 'decline', reason: draft.reason.trim() } : msg('Enter the reason the patient will see.', { id: 'appointment-queue.error.reason' });
  }

  private async save(request: Appointment): Promise<void> {
    const port = this.portOf('scheduling');
    const draft = this.draftOf(request.id);
    if (!port || draft.saving) return;
    const decision = this.localized(() => this.decisionOf(request, draft));
    if (typeof decision === 'string') return this.edit(request.id, { invalid: decision });
    const intent = this.intents.get(request.id) ?? new WriteIntent<RequestDecision>();
    this.intents.set(request.id, intent);
    this.edit(request.id, { saving: true, invalid: undefined, error: undefined, taken: false });
    try {
      const keys = intent.keysFor(decision);
      const outcome = await port.decide(request.id, decision, keys);
      // "just taken" stores nothing, but an earlier attempt of this intent may have landed:
      // the intent stays open, so the next time picked replaces it (docs/write-protocol.md)
      if (outcome.outcome === 'slot-taken') {
        this.edit(request.id, { saving: false, taken: true, slots: [] });
        await this.queueTask.run();
        if (keys.replaces?.length && !this.queueTask.value?.requests?.some((r) => r.id === request.id)) await this.earlierStands(port, request);
        return;
      }
      intent.settle();
      this.intents.delete(request.id);
      const rest = { ...this.drafts };
      delete rest[request.id];
      this.drafts = rest;
      this.announcement = this.localized(() => msg('Decision saved.', { id: 'appointment-queue.saved' }));
      emit(this, 'engage-appointment-decision', { appointment: outcome.appointment, decision });
      await this.queueTask.run();
    } catch (error) {
      this.edit(request.id, { saving: false, error });
    }
  }

  /**
   * A changed decision found its time taken, and the request left the queue: an earlier
   * attempt whose answer was lost did land, and it stands. Said, with the time it booked,
   * since the card that would show it is gone.
   */
  private async earlierStands(port: SchedulingPort, request: Appointment): Promise<void> {
    const held = (await port.listAppointments(request.patient).catch(() => [])).find((a) => a.id === request.id);
    this.intents.delete(request.id);
    this.announcement = this.localized(() =>
      held?.status === 'booked' && held.start
        ? msg(str`That time was just taken. The earlier decision stands: booked for ${dateTimeIn(held.start, held.location?.timeZone ?? this.zone, this.activeSession.locale)}.`, {
            id: 'appointment-queue.earlier-stands',
          })
        : msg('That time was just taken. The earlier decision stands.', { id: 'appointment-queue.earlier-stands.other' }),
    );
  }

  protected override render(): TemplateResult {
    const level = headingLevelOf(this.headingLevel);
    const dayView = Boolean(this.clinician && this.date);
    return html`<section part="base" class="base" lang=${this.activeSession.locale} aria-labelledby="title">
      <div id="title" class="title" role="heading" aria-level=${level}>
        ${dayView ? msg('Day list', { id: 'appointment-queue.day-title' }) : msg('Appointment requests', { id: 'appointment-queue.title' })}
      </div>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${this.renderMissing('scheduling', false) ??
      this.renderTask(this.queueTask, {
        complete: ({ day, requests, slots, types }) => (day ? this.renderDay(day) : this.renderQueue(requests, slots, types, Math.min(6, level + 1))),
      })}
    </section>`;
  }

  private renderDay(day: Appointment[]): TemplateResult {
    const { locale } = this.activeSession;
    if (!day.length) return renderEmpty({ art: iconCalendar, text: msg('No visits on this day.', { id: 'appointment-queue.day-empty' }) });
    return html`<ul>
      ${day.map(
        (a) => html`<li>
          <article part="request">
            <p class="when">${timeIn(a.start!, a.location?.timeZone ?? this.zone, locale)} · ${statusWord(a.status)}${a.visitType?.name ? ` · ${a.visitType.name}` : ''}</p>
            <p>${a.patientName ?? a.patient}${a.location ? ` · ${a.location.name}` : ''}</p>
          </article>
        </li>`,
      )}
    </ul>`;
  }

  private renderQueue(requests: Appointment[], slots: Record<string, Slot[]>, types: VisitType[], level: number): TemplateResult {
    const open = requests.filter((r) => r.status === 'requested');
    if (!open.length) return renderEmpty({ art: iconCheck, text: msg('No requests are waiting.', { id: 'appointment-queue.empty' }) });
    return html`<ul>
      ${open.map((r) => {
        const type = r.visitType?.id ?? this.draftOf(r.id).visitType ?? '';
        return html`<li>${this.renderRequest(r, slots[type] ?? this.chosenSlots[type] ?? [], types, level)}</li>`;
      })}
    </ul>`;
  }

  /** For a request that names no visit type, booked or offered times: the clinic's visit types to choose from. */
  private renderTypeChoice(request: Appointment, draft: Draft, types: VisitType[]): TemplateResult | typeof nothing {
    const id = request.id;
    if (request.visitType || !types.length || draft.action === 'decline') return nothing;
    return html`<p id=${`type-hint-${id}`}>${msg('The request names no visit type. Choose one to see its open times.', { id: 'appointment-queue.choose-type-hint' })}</p>
      <label for=${`type-${id}`}>${msg('Visit type', { id: 'appointment-queue.visit-type' })}</label>
      <select id=${`type-${id}`} aria-describedby=${`type-hint-${id}`} @change=${(e: Event) => this.chooseType(id, (e.target as HTMLSelectElement).value)}>
        <option value="" ?selected=${!draft.visitType}>${msg('Choose a visit type', { id: 'appointment-queue.choose-type' })}</option>
        ${types.map((t) => html`<option value=${t.id} ?selected=${draft.visitType === t.id}>${t.name}</option>`)}
      </select>`;
  }

  private renderRequest(request: Appointment, slots: Slot[] | 'loading' | 'failed', types: VisitType[], level: number): TemplateResult {
    const { locale } = this.activeSession;
    const id = request.id;
    const draft = this.draftOf(id);
    const typeKnown = Boolean(request.visitType || draft.visitType);
    // in the reader's words, as the patient chose them (the codes are what is stored)
    const words = new Map([...dayChoices(), ...timeChoices()]);
    const prefs = request.preferences ? [...request.preferences.days, ...request.preferences.times].map((code) => words.get(code) ?? code).join(', ') : '';
    const actions: [RequestDecision['action'], string][] = [
      // booking and offering times need a visit type: not offered when there is none to choose
      ...(this.bookable(id)
        ? ([
            ['approve', msg('Book into a time', { id: 'appointment-queue.approve' })],
            ['propose', msg('Offer times', { id: 'appointment-queue.propose' })],
          ] as [RequestDecision['action'], string][])
        : []),
      ['decline', msg('Decline', { id: 'appointment-queue.decline' })],
    ];
    return html`<article part="request" aria-labelledby=${`r-${id}`}>
      <div class="subtitle" role="heading" aria-level=${level} id=${`r-${id}`}>
        ${request.patientName ?? request.patient}${request.visitType?.name ? ` — ${request.visitType.name}` : ''}
      </div>
      <dl>
        ${prefs ? html`<div><dt>${msg('Prefers', { id: 'appointment-queue.prefers' })}</dt><dd>${prefs}</dd></div>` : nothing}
        ${request.note
          ? html`<div>
              <dt>${request.noteBy === 'patient' ? msg("Patient's note", { id: 'appointment-queue.note' }) : msg('Note', { id: 'appointment-queue.note-any' })}</dt>
              <dd>${request.note}</dd>
            </div>`
          : nothing}
      </dl>
      ${this.bookable(id)
        ? nothing
        : html`<p>${msg('The request names no visit type, and the clinic lists none, so it cannot be booked here.', { id: 'appointment-queue.no-visit-types' })}</p>`}
      <fieldset>
        <legend>${msg('Decision', { id: 'appointment-queue.decision' })}</legend>
        ${actions.map(
          ([action, label]) => html`<label><input type="radio" name=${`action-${id}`} .checked=${draft.action === action} @change=${() => this.edit(id, { action, invalid: undefined })} />${label}</label>`,
        )}
      </fieldset>
      ${this.renderTypeChoice(request, draft, types)}
      ${draft.action === 'decline' || !typeKnown
        ? nothing
        : html`<fieldset id=${`times-${id}`}>
            <legend>${draft.action === 'approve' ? msg('Time', { id: 'appointment-queue.time' }) : msg('Times to offer', { id: 'appointment-queue.times' })}</legend>
            ${slots === 'loading'
              ? html`<p>${msg('Looking for open times…', { id: 'appointment-queue.looking' })}</p>`
              : slots === 'failed'
              ? html`<div class="alert" role="alert">
                  <p>${msg('The open times could not be loaded.', { id: 'appointment-queue.times-failed' })} ${errorText('server')}</p>
                  <button type="button" @click=${() => this.retryTimes(id, draft.visitType ?? '')}>${msg('Try again', { id: 'state.retry' })}</button>
                </div>`
              : slots.length
              ? slots.slice(0, 20).map((s) => {
                  const label = `${dateTimeIn(s.start, s.location?.timeZone ?? this.zone, locale)}${s.clinician ? ` · ${s.clinician.name}` : ''}`;
                  return draft.action === 'approve'
                    ? html`<label><input type="radio" name=${`slot-${id}`} .checked=${draft.slots[0] === s.id} @change=${() => this.edit(id, { slots: [s.id] })} />${label}</label>`
                    : html`<label><input type="checkbox" .checked=${draft.slots.includes(s.id)} @change=${(e: Event) =>
                          this.edit(id, { slots: (e.target as HTMLInputElement).checked ? [...draft.slots, s.id] : draft.slots.filter((x) => x !== s.id) })} />${label}</label>`;
                })
              : html`<p>${msg(str`No open times in the next ${this.windowDays} days.`, { id: 'appointment-queue.no-slots' })}</p>`}
          </fieldset>`}
      ${draft.action === 'approve'
        ? nothing
        : html`<label for=${`reason-${id}`}>
              ${draft.action === 'decline' ? msg('Reason the patient will see', { id: 'appointment-queue.reason' }) : msg('Message to the patient (optional)', { id: 'appointment-queue.message' })}
            </label>
            <textarea id=${`reason-${id}`} maxlength="500" .value=${draft.reason} @input=${(e: Event) => this.edit(id, { reason: (e.target as HTMLTextAreaElement).value })}></textarea>`}
      ${draft.invalid ? html`<p class="alert" role="alert">${draft.invalid}</p>` : nothing}
      ${draft.taken ? html`<p class="alert" role="alert">${msg('That time was just taken. Pick another.', { id: 'appointment-queue.taken' })}</p>` : nothing}
      ${draft.error
        ? html`<p class="alert" role="alert">${msg('The decision was not saved.', { id: 'appointment-queue.failed' })} ${errorText(isEngageError(draft.error) ? draft.error.code : 'server')}</p>`
        : nothing}
      <div class="actions">
        <button type="button" class="primary" aria-disabled=${draft.saving ? 'true' : 'false'} aria-describedby=${`r-${id}`} @click=${() => this.save(request)}>
          ${draft.saving ? msg('Saving…', { id: 'appointment-queue.saving' }) : msg('Save decision', { id: 'appointment-queue.save' })}
        </button>
      </div>
    </article>`;
  }
}
