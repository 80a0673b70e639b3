import { html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { msg, str } from '../../core/localization.js';
import type { EngageAdapter } from '../../adapters/ports.js';
import { EngageElement, headingLevelOf } from '../../core/engage-element.js';
import { renderNotConfigured } from '../../core/states.js';
import { readAttention, type Attention, type Count } from './portal-home-data.js';
import { portalHomeStyles } from './portal-home.styles.js';
import { calendarDayOf } from '../../core/calendar-date.js';

type CardKey = 'messages' | 'refills' | 'immunizations' | 'reminders' | 'appointments' | 'education' | 'summary';

/**
 * The first page of a patient portal: what needs attention now — unread messages, refill
 * requests still in progress, vaccines due, care reminders due, upcoming visits, education
 * to read — each a card that links to its page (a card whose port the adapter lacks says
 * "not offered here"), and a link to the health summary. Reads the same ports as the other elements, through the
 * provider (and so under its proxy policy): a caregiver never sees a count that includes
 * what the policy withholds.
 *
 * @tag engage-portal-home
 * @summary A portal's home page: what needs attention, with links to each page.
 *
 * @slot - More cards from the host (for example upcoming appointments), after the library's.
 *
 * @csspart base - The home page container.
 * @csspart card - Each card (a link).
 * @csspart count - The number on a card.
 *
 * @cssprop --engage-portal-card-background - Background of the cards; default the surface colour.
 */
export class EngagePortalHome extends EngageElement {
  static override styles = [...EngageElement.styles, portalHomeStyles];

  /** Where the messages card links to. */
  @property({ attribute: 'messages-href' })
  messagesHref = '#messages';

  /** Where the refills card links to. */
  @property({ attribute: 'refills-href' })
  refillsHref = '#medicines';

  /** Where the vaccines card links to. */
  @property({ attribute: 'immunizations-href' })
  immunizationsHref = '#immunizations';

  /** Where the care reminders card links to. */
  @property({ attribute: 'reminders-href' })
  remindersHref = '#reminders';

  /** Where the visits (appointments) card links to. */
  @property({ attribute: 'appointments-href' })
  appointmentsHref = '#appointments';

  /** Where the education card links to. */
  @property({ attribute: 'education-href' })
  educationHref = '#education';

  /** Where the health summary card links to. */
  @property({ attribute: 'summary-href' })
  summaryHref = '#summary';

  /** Heading level (1–6) of the cards' titles. */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 2;

  private readonly attentionTask = new Task(this, {
    task: async ([adapter, patient, user, role], { signal }): Promise<Attention> => {
      const now = this.activeSession.now();
      return readAttention(adapter as EngageAdapter, patient as string, {
        as: user ? { user: this.activeSession.user!, role: role as 'patient' } : undefined,
        today: calendarDayOf(now),
        madeAt: now.toISOString(),
        signal,
      });
    },
    args: () => [this.activeAdapter, this.activeSession.patient, this.activeSession.user?.ref, this.activeSession.role] as const,
    autoRun: true,
  });

  protected override render(): TemplateResult {
    const { locale } = this.activeSession;
    const missing = !this.activeAdapter
      ? renderNotConfigured(msg('an adapter', { id: 'home.missing-adapter' }))
      : !this.activeSession.patient
        ? renderNotConfigured(msg('a patient', { id: 'state.missing-patient' }))
        : undefined;
    return html`<section part="base" class="home" lang=${locale} aria-label=${msg('What needs your attention', { id: 'home.label' })}>
      ${missing ??
      this.renderTask(this.attentionTask, {
        complete: (attention) => this.renderCards(attention),
      })}
    </section>`;
  }

  private renderCards(attention: Attention): TemplateResult {
    return html`<ul class="cards" role="list">
        ${this.card('messages', this.messagesHref, msg('Messages', { id: 'home.messages' }), attention.unreadMessages, (n) =>
          n === 0
            ? msg('No new messages.', { id: 'home.messages.none' })
            : n === 1
              ? msg('1 new message from your care team.', { id: 'home.messages.one' })
              : msg(str`${n} new messages from your care team.`, { id: 'home.messages.many' }),
        )}
        ${this.card('refills', this.refillsHref, msg('Medicines and refills', { id: 'home.refills' }), attention.refillsInProgress, (n) =>
          n === 0
            ? msg('No refill requests waiting.', { id: 'home.refills.none' })
            : n === 1
              ? msg('1 refill request is being worked on.', { id: 'home.refills.one' })
              : msg(str`${n} refill requests are being worked on.`, { id: 'home.refills.many' }),
        )}
        ${this.card('immunizations', this.immunizationsHref, msg('Vaccines', { id: 'home.vaccines' }), attention.vaccinesDue, (n) =>
          n === 0
            ? attention.vaccinesToCheck
              ? msg('Ask your care team to check your vaccine record.', { id: 'home.vaccines.check' })
              : msg('No vaccines due now.', { id: 'home.vaccines.none' })
            : n === 1
              ? msg('1 vaccine is due.', { id: 'home.vaccines.one' })
              : msg(str`${n} vaccines are due.`, { id: 'home.vaccines.many' }),
        )}
        ${this.card('reminders', this.remindersHref, msg('Care to stay healthy', { id: 'home.reminders' }), attention.remindersDue, (n) =>
          n === 0
            ? msg('Nothing is due now.', { id: 'home.reminders.none' })
            : n === 1
              ? msg('1 checkup or test is due.', { id: 'home.reminders.one' })
              : msg(str`${n} checkups or tests are due.`, { id: 'home.reminders.many' }),
        )}
        ${this.card('appointments', this.appointmentsHref, msg('Visits', { id: 'home.visits' }), attention.upcomingVisits, (n) =>
          n === 0
            ? msg('No visits coming up.', { id: 'home.visits.none' })
            : n === 1
              ? msg('1 visit is coming up.', { id: 'home.visits.one' })
              : msg(str`${n} visits are coming up.`, { id: 'home.visits.many' }),
        )}
        ${this.card('education', this.educationHref, msg('Things to read', { id: 'home.education' }), attention.educationToRead, (n) =>
          n === 0
            ? msg('Nothing new to read.', { id: 'home.education.none' })
            : n === 1
              ? msg('Your care team sent you 1 thing to read.', { id: 'home.education.one' })
              : msg(str`Your care team sent you ${n} things to read.`, { id: 'home.education.many' }),
        )}
        ${this.card('summary', this.summaryHref, msg('Health summary', { id: 'home.summary' }), undefined, () => '')}
      </ul>
      <slot></slot>`;
  }

  private card(key: CardKey, href: string, title: string, count: Count | undefined, words: (n: number) => string): TemplateResult {
    const level = headingLevelOf(this.headingLevel);
    const attention = count?.state === 'count' && count.value > 0;
    const text =
      count === undefined
        ? msg('Your health problems, medicines, allergies and test results.', { id: 'home.summary.text' })
        : count.state === 'count'
          ? words(count.value)
          : count.state === 'failed'
            ? msg('We could not check this now.', { id: 'home.failed' })
            : msg('Not offered here.', { id: 'home.unavailable' });
    return html`<li class="card-item">
      <a part="card" class="card card--${key} ${attention ? 'card--attention' : ''}" href=${href}>
        <span class="card__title" role="heading" aria-level=${level}>${title}</span>
        ${attention ? html`<span part="count" class="card__count" aria-hidden="true">${count.value}</span>` : nothing}
        <span class="card__text">${text}</span>
      </a>
    </li>`;
  }
}
