import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { msg, str } from '../../core/localization.js';
import type { Appointment, AppointmentStatus, SchedulingPort, Slot, VisitType } from '../../adapters/ports.js';
import { EngageElement } from '../../core/engage-element.js';
import { isEngageError } from '../../core/errors.js';
import { emit } from '../../core/events.js';
import { errorText, renderEmpty } from '../../core/states.js';
import { WriteIntent } from '../../core/write-protocol.js';
import { addDays, dateIn } from '../../core/zoned-time.js';
import { dateTimeIn, longDate, timeIn, viewerZone, zonesDiffer } from './appointment-time.js';
import { renderCalendar } from './calendar-grid.js';
import { toIcs } from './ics.js';
import { appointmentStyles } from './appointments.styles.js';
import { icon, type Icon, iconCalendar, iconCheck, iconCross, iconPending, iconWarning } from '../../core/icons.js';
import { chip, chipStyles, type ChipTone } from '../../core/chips.js';

/** Detail of `engage-appointment-change`. */
export interface AppointmentChangeDetail {
  /** What happened. */
  action: 'booked' | 'requested' | 'rescheduled' | 'cancelled';
  /** The appointment as stored. */
  appointment: Appointment;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'engage-appointment-change': CustomEvent<AppointmentChangeDetail>;
  }
}

/** How many days ahead the booking calendar offers. */
const DAYS_AHEAD = 28;
/** How long before the start a video link shows. */
const VIDEO_LEAD_MS = 15 * 60_000;
const FIRST_AVAILABLE = '';

type Step = 'type' | 'clinician' | 'location' | 'date' | 'time' | 'review' | 'request';

interface Flow {
  step: Step;
  type?: VisitType;
  clinician: string;
  location: string;
  date?: string;
  focused?: string;
  slot?: Slot;
  /** The appointment being moved (reschedule). */
  moving?: Appointment;
  /** Times offered after the chosen one was just taken. */
  taken?: Slot[];
  days: string[];
  times: string[];
  note: string;
  busy?: boolean;
  error?: unknown;
}

/** The chip of each status (tone and icon beside its words). */
const STATUS_CHIP: Record<AppointmentStatus, [ChipTone, Icon]> = {
  requested: ['info', iconPending],
  proposed: ['warning', iconCalendar],
  booked: ['success', iconCalendar],
  arrived: ['success', iconCheck],
  fulfilled: ['neutral', iconCheck],
  cancelled: ['neutral', iconCross],
  declined: ['danger', iconCross],
  noshow: ['danger', iconWarning],
};

function statusWord(status: AppointmentStatus): string {
  switch (status) {
    case 'requested':
      return msg('Waiting for the clinic', { id: 'appointments.status.requested' });
    case 'proposed':
      return msg('The clinic offered times', { id: 'appointments.status.proposed' });
    case 'booked':
      return msg('Booked', { id: 'appointments.status.booked' });
    case 'arrived':
      return msg('Checked in', { id: 'appointments.status.arrived' });
    case 'fulfilled':
      return msg('Done', { id: 'appointments.status.fulfilled' });
    case 'cancelled':
      return msg('Cancelled', { id: 'appointments.status.cancelled' });
    case 'declined':
      return msg('Not accepted', { id: 'appointments.status.declined' });
    case 'noshow':
      return msg('Missed', { id: 'appointments.status.noshow' });
  }
}

/**
 * A patient's visits: upcoming and past ones with their clinic-local times (and the
 * patient's own when the zones differ), status, place or video link (shown only near the
 * start), instructions and an `.ics` download; and the flows to book (visit type →
 * clinician or first available → location → calendar → time → review), to request a
 * visit the clinic does not book online, to reschedule and to cancel (inside the clinic's
 * cancellation window it says to call). A time someone else took first is answered with
 * the nearest open times, every other choice kept. Every write follows the write protocol.
 *
 * @tag engage-appointments
 * @summary See, book, change and cancel visits.
 *
 * @csspart base - The element's container.
 * @csspart appointment - One visit in the list.
 * @csspart book-button - The "Book a visit" button.
 * @csspart state - Any loading, empty, error or not-configured message.
 *
 * @cssprop --engage-appointments-background - Background of the element; default the surface colour.
 *
 * @fires engage-appointment-change - After a visit was booked, requested, moved or cancelled; `detail.action`, `detail.appointment`.
 */
export class EngageAppointments extends EngageElement {
  static override styles = [...EngageElement.styles, chipStyles, appointmentStyles];

  /** Heading level (1–6) of the title. */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 2;

  /** How many weeks ahead the booking calendar offers (default 4). */
  @property({ type: Number, attribute: 'weeks-ahead' })
  weeksAhead = DAYS_AHEAD / 7;

  /** The viewer's time zone; default the browser's. */
  @property({ attribute: 'time-zone' })
  timeZone?: string;

  @state() private flow?: Flow;
  @state() private announcement = '';
  @state() private confirmCancel?: string;
  @state() private failed?: { id: string; error: unknown };
  private focusAfterRender?: string;
  private readonly bookIntent = new WriteIntent<unknown>();
  private readonly requestIntent = new WriteIntent<unknown>();
  private readonly cancelIntents = new Map<string, WriteIntent<unknown>>();

  private readonly listTask = new Task(this, {
    task: async ([port, patient], { signal }) => (port as SchedulingPort).listAppointments(patient as string, { signal }),
    args: () => [this.portOf('scheduling'), this.activeSession.patient] as const,
    autoRun: true,
  });

  private readonly typesTask = new Task(this, {
    task: async ([port, open], { signal }) => (open ? (port as SchedulingPort).visitTypes({ signal }) : ([] as VisitType[])),
    args: () => [this.portOf('scheduling'), Boolean(this.flow)] as const,
    autoRun: true,
  });

  private readonly slotsTask = new Task(this, {
    task: async ([port, type, clinician, location], { signal }) => {
      if (!type) return [] as Slot[];
      const now = this.activeSession.now();
      return (port as SchedulingPort).slots(
        {
          visitType: type as string,
          from: now.toISOString(),
          to: new Date(now.getTime() + this.daysAhead * 24 * 3600_000).toISOString(),
          ...(clinician ? { clinician: clinician as string } : {}),
          ...(location ? { location: location as string } : {}),
        },
        { signal },
      );
    },
    args: () =>
      [
        this.portOf('scheduling'),
        this.flow && ['date', 'time', 'review'].includes(this.flow.step) ? this.flow.type?.id : undefined,
        this.flow?.clinician,
        this.flow?.location,
      ] as const,
    autoRun: true,
  });

  private get daysAhead(): number {
    return Math.max(1, Math.round(this.weeksAhead * 7) || DAYS_AHEAD);
  }

  private get ownZone(): string {
    return this.timeZone || viewerZone();
  }

  protected override updated(): void {
    if (this.focusAfterRender) {
      this.renderRoot.querySelector<HTMLElement>(this.focusAfterRender)?.focus();
      this.focusAfterRender = undefined;
    }
  }

  private go(change: Partial<Flow>, focus = '#step-heading'): void {
    this.flow = { ...(this.flow ?? { step: 'type', clinician: FIRST_AVAILABLE, location: '', days: [], times: [], note: '' }), ...change };
    this.focusAfterRender = focus;
  }

  /** The calendar date of a slot in its clinic's zone. */
  private slotDate(slot: Slot): string {
    return dateIn(slot.start, slot.location?.timeZone ?? 'UTC');
  }

  /** The clinic's time, labelled, and the viewer's when different. */
  private renderWhen(start: string, zone: string): TemplateResult {
    const { locale } = this.activeSession;
    return html`<span class="when">${dateTimeIn(start, zone, locale)}</span>${zonesDiffer(start, zone, this.ownZone)
        ? html`<span class="own-time"
            >${msg(str`Your time: ${dateTimeIn(start, this.ownZone, locale)}`, { id: 'appointments.your-time' })}</span
          >`
        : nothing}`;
  }

  protected override render(): TemplateResult {
    const level = Math.min(6, Math.max(1, Math.round(this.headingLevel) || 2));
    return html`<section part="base" class="base" lang=${this.activeSession.locale} aria-labelledby="title">
      <div id="title" class="title" role="heading" aria-level=${level}>${msg('Appointments', { id: 'appointments.title' })}</div>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${this.renderMissing('scheduling') ??
      (this.flow
        ? this.renderFlow(this.flow, Math.min(6, level + 1))
        : this.renderTask(this.listTask, {
            loadingText: msg('Loading your visits…', { id: 'appointments.loading' }),
            complete: (list) => this.renderList(list, Math.min(6, level + 1)),
          }))}
    </section>`;
  }

  private renderList(list: Appointment[], level: number): TemplateResult {
    const now = this.activeSession.now().getTime();
    const upcoming = list.filter((a) => ['requested', 'proposed'].includes(a.status) || (a.status === 'booked' && Date.parse(a.end ?? a.start ?? '') > now));
    const past = list.filter((a) => !upcoming.includes(a));
    const section = (heading: string, items: Appointment[], empty: string) => html`<div class="subtitle" role="heading" aria-level=${level}>${heading}</div>
      ${items.length
        ? html`<ul>
            ${items.map((a) => html`<li>${this.renderAppointment(a, level + 1)}</li>`)}
          </ul>`
        : renderEmpty({ art: iconCalendar, text: empty })}`;
    return html`<div class="actions">
        <button type="button" class="primary" part="book-button" id="book" @click=${() => this.go({ step: 'type' })}>
          ${msg('Book a visit', { id: 'appointments.book' })}
        </button>
      </div>
      ${section(msg('Coming up', { id: 'appointments.upcoming' }), upcoming, msg('You have no visits coming up.', { id: 'appointments.none-upcoming' }))}
      ${section(msg('Past visits', { id: 'appointments.past' }), past, msg('No past visits.', { id: 'appointments.none-past' }))}`;
  }

  private renderAppointment(a: Appointment, level: number): TemplateResult {
    const now = this.activeSession.now().getTime();
    const zone = a.location?.timeZone ?? this.ownZone;
    const start = a.start ? Date.parse(a.start) : undefined;
    const inWindow = start !== undefined && a.cancelWindowHours !== undefined && start - now < a.cancelWindowHours * 3600_000;
    const changeable = a.status === 'booked' && start !== undefined && start > now;
    const videoNow = a.videoUrl && start !== undefined && now >= start - VIDEO_LEAD_MS && now <= Date.parse(a.end ?? a.start!);
    return html`<article part="appointment" aria-labelledby=${`a-${a.id}`} id=${`appointment-${a.id}`} tabindex="-1">
      <div class="subtitle" role="heading" aria-level=${level} id=${`a-${a.id}`}>
        ${a.visitType?.name ?? msg('Visit', { id: 'appointments.visit' })}
      </div>
      <p class=${`status status--${a.status}`}>${chip(STATUS_CHIP[a.status][0], statusWord(a.status), { icon: STATUS_CHIP[a.status][1], part: 'status' })}</p>
      ${a.start ? html`<p>${this.renderWhen(a.start, zone)}</p>` : nothing}
      <dl>
        ${a.clinician ? html`<div><dt>${msg('With', { id: 'appointments.with' })}</dt><dd>${a.clinician.name}</dd></div>` : nothing}
        ${a.location
          ? html`<div><dt>${msg('Where', { id: 'appointments.where' })}</dt><dd>${a.location.name}${a.location.address ? html`<br />${a.location.address}` : nothing}</dd></div>`
          : nothing}
        ${a.instructions ? html`<div><dt>${msg('Before you come', { id: 'appointments.instructions' })}</dt><dd>${a.instructions}</dd></div>` : nothing}
        ${a.statusReason ? html`<div><dt>${msg('Note from the clinic', { id: 'appointments.clinic-note' })}</dt><dd>${a.statusReason}</dd></div>` : nothing}
      </dl>
      ${a.videoUrl && a.status === 'booked'
        ? videoNow
          ? html`<p><a class="video" href=${a.videoUrl} target="_blank" rel="noopener noreferrer">${msg('Join the video visit', { id: 'appointments.join' })}</a></p>`
          : html`<p class="hint">${msg('The video link shows here 15 minutes before the visit.', { id: 'appointments.video-later' })}</p>`
        : nothing}
      ${this.failed?.id === a.id
        ? html`<p class="alert" role="alert">${icon(iconWarning)}${msg('That did not go through.', { id: 'appointments.failed' })}
            ${errorText(isEngageError(this.failed.error) ? this.failed.error.code : 'server')}</p>`
        : nothing}
      <div class="actions">
        ${a.status === 'booked' && a.start && a.end
          ? html`<button type="button" @click=${() => this.download(a)}>${msg('Add to calendar', { id: 'appointments.ics' })}</button>`
          : nothing}
        ${changeable && inWindow
          ? html`<p class="hint" id=${`call-${a.id}`}>
              ${a.location?.phone
                ? msg(str`To change or cancel this visit now, please call ${a.location.phone}.`, { id: 'appointments.call-phone' })
                : msg('To change or cancel this visit now, please call the clinic.', { id: 'appointments.call' })}
            </p>`
          : nothing}
        ${changeable && !inWindow
          ? html`<button type="button" @click=${() => this.startReschedule(a)}>${msg('Change time', { id: 'appointments.reschedule' })}</button>
              ${this.confirmCancel === a.id
                ? html`<button type="button" class="danger" id=${`confirm-${a.id}`} @click=${() => this.cancel(a)}>
                      ${msg('Yes, cancel this visit', { id: 'appointments.cancel-confirm' })}
                    </button>
                    <button type="button" @click=${() => (this.confirmCancel = undefined)}>${msg('Keep it', { id: 'appointments.keep' })}</button>`
                : html`<button type="button" @click=${() => ((this.confirmCancel = a.id), (this.focusAfterRender = `#confirm-${CSS.escape(a.id)}`))}>
                    ${msg('Cancel visit', { id: 'appointments.cancel' })}
                  </button>`}`
          : nothing}
        ${a.status === 'requested' || a.status === 'proposed'
          ? html`<button type="button" @click=${() => this.cancel(a)}>${msg('Withdraw request', { id: 'appointments.withdraw' })}</button>`
          : nothing}
      </div>
    </article>`;
  }

  /** Downloads the `.ics` (built on click, never in render). */
  private download(a: Appointment): void {
    const text = toIcs({
      uid: a.id,
      start: a.start!,
      end: a.end!,
      timeZone: a.location?.timeZone ?? 'UTC',
      summary: a.visitType?.name ?? 'Visit',
      location: [a.location?.name, a.location?.address].filter(Boolean).join(', ') || undefined,
      description: a.instructions,
      now: this.activeSession.now(),
    });
    const url = URL.createObjectURL(new Blob([text], { type: 'text/calendar' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'appointment.ics';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  private startReschedule(a: Appointment): void {
    const type: VisitType = {
      id: a.visitType?.id ?? '',
      name: a.visitType?.name ?? '',
      minutes: 0,
      selfSchedulable: true,
      mode: 'in-person',
      clinicians: a.clinician ? [a.clinician] : [],
      locations: a.location ? [a.location] : [],
    };
    this.go({ step: 'date', type, clinician: a.clinician?.ref ?? '', location: a.location?.ref ?? '', moving: a, date: undefined, slot: undefined, taken: undefined });
  }

  private async cancel(a: Appointment): Promise<void> {
    const port = this.portOf('scheduling');
    if (!port) return;
    const intent = this.cancelIntents.get(a.id) ?? new WriteIntent<unknown>();
    this.cancelIntents.set(a.id, intent);
    try {
      const stored = await port.cancel(a.id, undefined, intent.keysFor({ cancel: a.id }));
      intent.settle();
      this.cancelIntents.delete(a.id);
      this.confirmCancel = undefined;
      this.failed = undefined;
      this.announcement = this.localized(() => msg('Your visit was cancelled.', { id: 'appointments.cancelled' }));
      emit(this, 'engage-appointment-change', { action: 'cancelled', appointment: stored });
      await this.listTask.run();
      this.focusAfterRender = '#book';
    } catch (error) {
      this.failed = { id: a.id, error };
    }
  }

  private renderFlow(flow: Flow, level: number): TemplateResult {
    const heading = (text: string) => html`<div class="subtitle" role="heading" aria-level=${level} id="step-heading" tabindex="-1">${text}</div>`;
    const back = (step: Step | undefined) =>
      html`<button type="button" @click=${() => (step ? this.go({ step, taken: undefined, error: undefined }) : ((this.flow = undefined), (this.focusAfterRender = '#book')))}>
        ${step ? msg('Back', { id: 'appointments.back' }) : msg('Cancel', { id: 'appointments.flow-cancel' })}
      </button>`;
    switch (flow.step) {
      case 'type':
        return html`${heading(msg('What is the visit for?', { id: 'appointments.step.type' }))}
          ${this.renderTask(this.typesTask, {
            complete: (types) => html`<ul class="choices">
              ${types.map(
                (t) => html`<li>
                  <button type="button" @click=${() => this.go({ type: t, step: t.selfSchedulable ? 'clinician' : 'request' })}>
                    ${t.name}${t.selfSchedulable ? nothing : html`<span class="hint"> — ${msg('ask the clinic', { id: 'appointments.by-request' })}</span>`}
                  </button>
                </li>`,
              )}
            </ul>`,
          })}
          <div class="actions">${back(undefined)}</div>`;
      case 'clinician':
        return html`${heading(msg('Who would you like to see?', { id: 'appointments.step.clinician' }))}
          <ul class="choices">
            <li><button type="button" @click=${() => this.go({ clinician: FIRST_AVAILABLE, step: 'location' })}>${msg('First available', { id: 'appointments.first-available' })}</button></li>
            ${flow.type!.clinicians.map((c) => html`<li><button type="button" @click=${() => this.go({ clinician: c.ref, step: 'location' })}>${c.name}</button></li>`)}
          </ul>
          <div class="actions">${back('type')}</div>`;
      case 'location':
        return html`${heading(msg('Where?', { id: 'appointments.step.location' }))}
          <ul class="choices">
            ${flow.type!.locations.length > 1
              ? html`<li><button type="button" @click=${() => this.go({ location: '', step: 'date' })}>${msg('Any location', { id: 'appointments.any-location' })}</button></li>`
              : nothing}
            ${flow.type!.locations.map(
              (l) => html`<li><button type="button" @click=${() => this.go({ location: l.ref, step: 'date' })}>${l.name}${l.address ? html`<span class="hint"> — ${l.address}</span>` : nothing}</button></li>`,
            )}
          </ul>
          <div class="actions">${back('clinician')}</div>`;
      case 'date':
      case 'time':
      case 'review':
        return this.renderTask(this.slotsTask, { complete: (slots) => this.renderPick(flow, slots, heading, back) });
      case 'request':
        return this.renderRequest(flow, heading, back);
    }
  }

  private renderPick(
    flow: Flow,
    slots: Slot[],
    heading: (text: string) => TemplateResult,
    back: (step: Step | undefined) => TemplateResult,
  ): TemplateResult {
    const { locale } = this.activeSession;
    const open = new Set(slots.map((s) => this.slotDate(s)));
    const today = dateIn(this.activeSession.now(), slots[0]?.location?.timeZone ?? this.ownZone);
    const first = today;
    const last = addDays(today, this.daysAhead);
    const focused = flow.focused ?? flow.date ?? [...open].sort()[0] ?? today;
    if (flow.step === 'date') {
      return html`${heading(flow.moving ? msg('Pick a new day', { id: 'appointments.step.new-date' }) : msg('Pick a day', { id: 'appointments.step.date' }))}
        ${open.size
          ? renderCalendar({
              month: focused.slice(0, 7),
              focused,
              selected: flow.date,
              open,
              first,
              last,
              locale,
              label: msg('Days with open times', { id: 'appointments.calendar' }),
              onFocus: (date) => {
                this.flow = { ...flow, focused: date };
                this.focusAfterRender = `td[data-date="${date}"]`;
              },
              onPick: (date) => this.go({ date, focused: date, step: 'time' }, '#step-heading'),
            })
          : html`<p class="state" part="state">${msg('No open times in the next four weeks. Please call the clinic.', { id: 'appointments.no-slots' })}</p>`}
        <div class="actions">${back(flow.moving ? undefined : 'location')}</div>`;
    }
    if (flow.step === 'time') {
      const times = slots.filter((s) => this.slotDate(s) === flow.date);
      return html`${heading(msg(str`Times on ${longDate(flow.date!, locale)}`, { id: 'appointments.step.time' }))}
        ${this.renderSlots(times, flow)}
        <div class="actions">${back('date')}</div>`;
    }
    const slot = flow.slot!;
    const zone = slot.location?.timeZone ?? this.ownZone;
    return html`${heading(msg('Check and book', { id: 'appointments.step.review' }))}
      ${flow.taken
        ? html`<div class="alert" role="alert" id="taken" tabindex="-1">
            <p>${icon(iconWarning)}${msg('Sorry, someone just booked that time. Here are the closest open times:', { id: 'appointments.taken' })}</p>
            ${flow.taken.length
              ? this.renderSlots(flow.taken, flow)
              : html`<p>${msg('No other open times are close. Please pick another day.', { id: 'appointments.taken-none' })}</p>`}
          </div>`
        : html`<dl class="review">
            <div><dt>${msg('Visit', { id: 'appointments.visit' })}</dt><dd>${flow.type!.name}</dd></div>
            <div><dt>${msg('When', { id: 'appointments.when' })}</dt><dd>${this.renderWhen(slot.start, zone)}</dd></div>
            ${slot.clinician ? html`<div><dt>${msg('With', { id: 'appointments.with' })}</dt><dd>${slot.clinician.name}</dd></div>` : nothing}
            ${slot.location ? html`<div><dt>${msg('Where', { id: 'appointments.where' })}</dt><dd>${slot.location.name}</dd></div>` : nothing}
          </dl>`}
      ${flow.error
        ? html`<p class="alert" role="alert" id="book-error" tabindex="-1">${icon(iconWarning)}${msg('The visit was not booked.', { id: 'appointments.book-failed' })}
            ${errorText(isEngageError(flow.error) ? flow.error.code : 'server')}</p>`
        : nothing}
      <div class="actions">
        ${flow.taken
          ? nothing
          : html`<button type="button" class="primary" id="confirm" aria-disabled=${flow.busy ? 'true' : 'false'} @click=${() => this.book()}>
              ${flow.busy
                ? msg('Booking…', { id: 'appointments.booking' })
                : flow.moving
                  ? msg('Move my visit to this time', { id: 'appointments.confirm-move' })
                  : msg('Book this visit', { id: 'appointments.confirm' })}
            </button>`}
        ${back('date')}
      </div>`;
  }

  private renderSlots(slots: Slot[], flow: Flow): TemplateResult {
    const { locale } = this.activeSession;
    return html`<ul class="times">
      ${slots.map((s) => {
        const zone = s.location?.timeZone ?? this.ownZone;
        const other = flow.taken ? `${longDate(this.slotDate(s), locale)}, ` : '';
        return html`<li>
          <button type="button" @click=${() => this.go({ slot: s, date: this.slotDate(s), step: 'review', taken: undefined, error: undefined })}>
            ${other}${timeIn(s.start, zone, locale)}${flow.clinician === FIRST_AVAILABLE && s.clinician ? ` · ${s.clinician.name}` : ''}${s.location && !flow.location ? ` · ${s.location.name}` : ''}
          </button>
        </li>`;
      })}
    </ul>`;
  }

  private async book(): Promise<void> {
    const port = this.portOf('scheduling');
    const flow = this.flow;
    if (!port || !flow?.slot || flow.busy) return;
    this.flow = { ...flow, busy: true, error: undefined };
    const draft = { slotId: flow.slot.id, visitType: flow.type!.id, moving: flow.moving?.id };
    const keys = this.bookIntent.keysFor(draft);
    try {
      const outcome = flow.moving
        ? await port.reschedule(flow.moving.id, flow.slot.id, keys)
        : await port.book(this.activeSession.patient!, { slotId: flow.slot.id, visitType: flow.type!.id }, keys);
      if (outcome.outcome === 'slot-taken') {
        // nothing was stored under these keys: the next pick is a new write
        this.bookIntent.settle();
        this.go({ busy: false, taken: outcome.alternatives }, '#taken');
        this.announcement = this.localized(() => msg('That time was just taken. Pick another time.', { id: 'appointments.taken-announce' }));
        void this.slotsTask.run();
        return;
      }
      this.bookIntent.settle();
      this.flow = undefined;
      this.announcement = this.localized(() =>
        msg(str`Booked: ${dateTimeIn(outcome.appointment.start!, outcome.appointment.location?.timeZone ?? this.ownZone, this.activeSession.locale)}`, {
          id: 'appointments.booked-announce',
        }),
      );
      emit(this, 'engage-appointment-change', { action: flow.moving ? 'rescheduled' : 'booked', appointment: outcome.appointment });
      await this.listTask.run();
      this.focusAfterRender = `#appointment-${CSS.escape(outcome.appointment.id)}`;
    } catch (error) {
      this.go({ busy: false, error }, '#book-error');
    }
  }

  private renderRequest(flow: Flow, heading: (text: string) => TemplateResult, back: (step: Step | undefined) => TemplateResult): TemplateResult {
    const days: [string, string][] = [
      ['mon', msg('Monday', { id: 'appointments.day.mon' })],
      ['tue', msg('Tuesday', { id: 'appointments.day.tue' })],
      ['wed', msg('Wednesday', { id: 'appointments.day.wed' })],
      ['thu', msg('Thursday', { id: 'appointments.day.thu' })],
      ['fri', msg('Friday', { id: 'appointments.day.fri' })],
    ];
    const times: [string, string][] = [
      ['morning', msg('Morning', { id: 'appointments.time.morning' })],
      ['afternoon', msg('Afternoon', { id: 'appointments.time.afternoon' })],
      ['evening', msg('Evening', { id: 'appointments.time.evening' })],
    ];
    const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((v) => v !== value));
    return html`${heading(msg(str`Ask for a visit: ${flow.type!.name}`, { id: 'appointments.step.request' }))}
      <p>${msg('The clinic books this kind of visit for you. Tell us what works, and we will answer here.', { id: 'appointments.request-intro' })}</p>
      <fieldset>
        <legend>${msg('Days that work', { id: 'appointments.request-days' })}</legend>
        ${days.map(([value, label]) => html`<label><input type="checkbox" .checked=${flow.days.includes(value)} @change=${(e: Event) => this.go({ days: toggle(flow.days, value, (e.target as HTMLInputElement).checked) }, '')} />${label}</label>`)}
      </fieldset>
      <fieldset>
        <legend>${msg('Times that work', { id: 'appointments.request-times' })}</legend>
        ${times.map(([value, label]) => html`<label><input type="checkbox" .checked=${flow.times.includes(value)} @change=${(e: Event) => this.go({ times: toggle(flow.times, value, (e.target as HTMLInputElement).checked) }, '')} />${label}</label>`)}
      </fieldset>
      <label for="note">${msg('Anything the clinic should know (optional)', { id: 'appointments.request-note' })}</label>
      <textarea id="note" maxlength="500" .value=${flow.note} @input=${(e: Event) => (this.flow = { ...flow, note: (e.target as HTMLTextAreaElement).value })}></textarea>
      ${flow.error
        ? html`<p class="alert" role="alert" id="request-error" tabindex="-1">${icon(iconWarning)}${msg('Your request was not sent.', { id: 'appointments.request-failed' })}
            ${errorText(isEngageError(flow.error) ? flow.error.code : 'server')}</p>`
        : nothing}
      <div class="actions">
        <button type="button" class="primary" aria-disabled=${flow.busy ? 'true' : 'false'} @click=${() => this.sendRequest()}>
          ${flow.busy ? msg('Sending…', { id: 'appointments.sending' }) : msg('Send request', { id: 'appointments.send-request' })}
        </button>
        ${back('type')}
      </div>`;
  }

  private async sendRequest(): Promise<void> {
    const port = this.portOf('scheduling');
    const flow = this.flow;
    if (!port || !flow?.type || flow.busy) return;
    const draft = {
      visitType: flow.type.id,
      preferences: { days: flow.days as never[], times: flow.times as never[] },
      ...(flow.note.trim() ? { note: flow.note.trim() } : {}),
    };
    this.flow = { ...flow, busy: true, error: undefined };
    try {
      const stored = await port.request(this.activeSession.patient!, draft, this.requestIntent.keysFor(draft));
      this.requestIntent.settle();
      this.flow = undefined;
      this.announcement = this.localized(() => msg('Your request was sent.', { id: 'appointments.requested-announce' }));
      emit(this, 'engage-appointment-change', { action: 'requested', appointment: stored });
      await this.listTask.run();
      this.focusAfterRender = `#appointment-${CSS.escape(stored.id)}`;
    } catch (error) {
      this.go({ busy: false, error }, '#request-error');
    }
  }
}
