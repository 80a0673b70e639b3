import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { msg, str } from '../../core/localization.js';
import type { Appointment, ProposalAnswer, SchedulingPort, Slot, VisitType } from '../../adapters/ports.js';
import { isUpcoming } from '../../adapters/ports/scheduling.js';
import { EngageElement, headingLevelOf } from '../../core/engage-element.js';
import { emit } from '../../core/events.js';
import { isEngageError } from '../../core/errors.js';
import { renderEmpty } from '../../core/states.js';
import { WriteIntent } from '../../core/write-protocol.js';
import { iconCalendar } from '../../core/icons.js';
import { chipStyles } from '../../core/chips.js';
import { viewerTimeZone } from '../../core/lang.js';
import { dateTimeIn, zonesDiffer } from './appointment-time.js';
import { renderAppointment, type CardView } from './appointment-card.js';
import { FIRST_AVAILABLE, renderPick, type Flow, type Step } from './booking-steps.js';
import { renderRequestForm } from './request-form.js';
import { toIcs } from './ics.js';
import { appointmentStyles } from './appointments.styles.js';

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
  @state() private declining?: { id: string; note: string };
  @state() private busyId?: string;
  @state() private questionnaireFor?: string;
  @state() private questionnaireLoaded = false;
  private focusAfterRender?: string;
  private readonly bookIntent = new WriteIntent<unknown>();
  private readonly requestIntent = new WriteIntent<unknown>();
  private readonly answerIntent = new WriteIntent<unknown>();
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

  /** Reloads the visits (a host calls it when someone else, e.g. the clinic, may have changed them). */
  refresh(): Promise<unknown> {
    return this.listTask.run();
  }

  private get daysAhead(): number {
    return Math.max(1, Math.round(this.weeksAhead * 7) || DAYS_AHEAD);
  }

  private get ownZone(): string {
    return this.timeZone || viewerTimeZone();
  }

  protected override updated(): void {
    if (!this.focusAfterRender) return;
    const target = this.renderRoot.querySelector<HTMLElement>(this.focusAfterRender);
    // a step that loads first (the calendar's open times) has its heading only once loaded:
    // keep the target until then, or focus falls from the removed button to the page (#19)
    if (!target && this.renderRoot.querySelector('[part~="loading"]')) return;
    target?.focus();
    this.focusAfterRender = undefined;
  }

  private go(change: Partial<Flow>, focus = '#step-heading'): void {
    this.flow = { ...(this.flow ?? { step: 'type', clinician: FIRST_AVAILABLE, location: '', days: [], times: [], note: '' }), ...change };
    this.focusAfterRender = focus;
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
    const level = headingLevelOf(this.headingLevel);
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
    const view = this.cardView();
    const upcoming = list.filter((a) => isUpcoming(a, now));
    const past = list.filter((a) => !upcoming.includes(a));
    const section = (heading: string, items: Appointment[], empty: string) => html`<div class="subtitle" role="heading" aria-level=${level}>${heading}</div>
      ${items.length
        ? html`<ul>
            ${items.map((a) => html`<li>${renderAppointment(a, level + 1, view)}</li>`)}
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

  /** What the visit cards show and call back. */
  private cardView(): CardView {
    const { locale } = this.activeSession;
    return {
      now: this.activeSession.now().getTime(),
      locale,
      ownZone: this.ownZone,
      when: (start, zone) => this.renderWhen(start, zone),
      confirmCancel: this.confirmCancel,
      failed: this.failed,
      declining: this.declining,
      busy: this.busyId,
      questionnaireFor: this.questionnaireFor,
      toggleQuestionnaire: (a) => void this.toggleQuestionnaire(a),
      questionnaire: (a) =>
        this.questionnaireLoaded
          ? html`<engage-questionnaire questionnaire=${a.questionnaire!} .adapter=${this.adapter} .session=${this.session}></engage-questionnaire>`
          : html`<p class="state" part="state">${msg('Loading the questionnaire…', { id: 'appointments.questionnaire-loading' })}</p>`,
      download: (a) => this.download(a),
      reschedule: (a) => this.startReschedule(a),
      askCancel: (a) => {
        this.confirmCancel = a?.id;
        if (a) this.focusAfterRender = `#confirm-${CSS.escape(a.id)}`;
      },
      cancel: (a) => void this.cancel(a),
      accept: (a, slot) => void this.answer(a, { action: 'accept', slotId: slot.id }),
      openDecline: (a) => {
        this.declining = a ? { id: a.id, note: '' } : undefined;
        if (a) this.focusAfterRender = `#decline-note-${CSS.escape(a.id)}`;
      },
      editDeclineNote: (note) => (this.declining = { ...this.declining!, note }),
      decline: (a) => void this.answer(a, { action: 'decline', note: this.declining?.note }),
    };
  }

  /**
   * Opens (or closes) an appointment's pre-visit questionnaire. The questionnaire element
   * is imported on the first open, so the appointments bundle does not carry it.
   */
  private async toggleQuestionnaire(a: Appointment): Promise<void> {
    this.questionnaireFor = this.questionnaireFor === a.id ? undefined : a.id;
    if (!this.questionnaireFor || this.questionnaireLoaded) return;
    await import('../questionnaire/questionnaire.js');
    this.questionnaireLoaded = true;
  }

  /**
   * Answers the times the clinic proposed: books one (the same idempotent booking as the
   * flow) or asks for others. A proposed time taken meanwhile says so; the list then shows
   * the proposals still open.
   */
  private async answer(a: Appointment, answer: ProposalAnswer): Promise<void> {
    const port = this.portOf('scheduling');
    if (!port || this.busyId) return;
    this.busyId = a.id;
    try {
      const outcome = await port.answerProposal(a.id, answer, this.answerIntent.keysFor({ request: a.id, ...answer }));
      this.answerIntent.settle();
      this.failed = undefined;
      this.declining = undefined;
      if (outcome.outcome === 'slot-taken') {
        this.announcement = this.localized(() => msg('That time was just taken. Pick another time.', { id: 'appointments.taken-announce' }));
      } else if (answer.action === 'accept') {
        const booked = outcome.appointment;
        this.announcement = this.localized(() =>
          msg(str`Booked: ${dateTimeIn(booked.start!, booked.location?.timeZone ?? this.ownZone, this.activeSession.locale)}`, { id: 'appointments.booked-announce' }),
        );
        emit(this, 'engage-appointment-change', { action: 'booked', appointment: booked });
      } else {
        this.announcement = this.localized(() => msg('The clinic was asked for other times.', { id: 'appointments.declined-announce' }));
        emit(this, 'engage-appointment-change', { action: 'requested', appointment: outcome.appointment });
      }
      await this.listTask.run();
      this.focusAfterRender = `#appointment-${CSS.escape(a.id)}`;
    } catch (error) {
      this.failed = { id: a.id, error };
      if (isEngageError(error) && error.code === 'conflict') {
        // the visit changed since (cancelled, other times offered): a fact, not this answer's
        // to undo. The next answer is a new write, on the visit as the list now shows it.
        this.answerIntent.settle();
        await this.listTask.run();
      }
      this.focusAfterRender = `#failed-${CSS.escape(a.id)}`;
    } finally {
      this.busyId = undefined;
    }
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
    // in the reader's language, and no patient or visit data in the name
    link.download = `${this.localized(() => msg('appointment', { id: 'appointments.file-name' }))}.ics`;
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
    // one cancellation at a time: a second press (Enter twice) while it is under way sends nothing
    if (!port || this.busyId) return;
    this.busyId = a.id;
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
      // the list has rendered already: without an update the focus would wait for some later one (#19)
      this.requestUpdate();
    } catch (error) {
      this.failed = { id: a.id, error };
      // changed since it was shown (the card says so): the list shows it as it is now
      if (isEngageError(error) && error.code === 'conflict') await this.listTask.run();
    } finally {
      this.busyId = undefined;
    }
  }

  private renderFlow(flow: Flow, level: number): TemplateResult {
    const heading = (text: string) => html`<div class="subtitle" role="heading" aria-level=${level} id="step-heading" tabindex="-1">${text}</div>`;
    // leaving the flow returns focus to the button that opened it: "Change time" of the visit being moved, else "Book a visit"
    const opener = flow.moving ? `#reschedule-${CSS.escape(flow.moving.id)}` : '#book';
    const back = (step: Step | undefined) =>
      html`<button type="button" @click=${() => (step ? this.go({ step, taken: undefined, error: undefined }) : ((this.flow = undefined), (this.focusAfterRender = opener)))}>
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
        return this.renderTask(this.slotsTask, {
          complete: (slots) =>
            renderPick(flow, slots, heading, back, {
              locale: this.activeSession.locale,
              now: this.activeSession.now(),
              ownZone: this.ownZone,
              daysAhead: this.daysAhead,
              when: (start, zone) => this.renderWhen(start, zone),
              go: (change, focus) => this.go(change, focus),
              focusDay: (date) => {
                this.flow = { ...flow, focused: date };
                this.focusAfterRender = `td[data-date="${date}"]`;
              },
              book: () => void this.book(),
            }),
        });
      case 'request':
        return renderRequestForm(flow, heading, back, {
          edit: (change) => (this.flow = { ...this.flow!, ...change }),
          send: () => void this.sendRequest(),
        });
    }
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
        // the calendar drops the time just taken; refreshed before the message shows, so
        // that its loading state cannot take the focus the message is given
        await this.slotsTask.run();
        this.go({ busy: false, taken: outcome.alternatives }, '#taken');
        this.announcement = this.localized(() => msg('That time was just taken. Pick another time.', { id: 'appointments.taken-announce' }));
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
      // the list has rendered already: without an update the focus would wait for some later one (#19)
      this.requestUpdate();
    } catch (error) {
      if (isEngageError(error) && error.code === 'conflict') {
        // what these keys stored was cancelled or moved since: a fact, not this write's to
        // undo. The next press is a new booking, and the list shows the visits as they are now.
        this.bookIntent.settle();
        void this.listTask.run();
        await this.slotsTask.run();
      }
      this.go({ busy: false, error }, '#book-error');
    }
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
      // the list has rendered already: without an update the focus would wait for some later one (#19)
      this.requestUpdate();
    } catch (error) {
      this.go({ busy: false, error }, '#request-error');
    }
  }
}
