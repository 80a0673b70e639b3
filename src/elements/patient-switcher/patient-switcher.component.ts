import { html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { Task } from '@lit/task';
import { msg, str } from '../../core/localization.js';
import type { LinkedPatient, PatientPort, RecordRef } from '../../adapters/ports.js';
import { EngageElement } from '../../core/engage-element.js';
import { emit } from '../../core/events.js';
import { ageOf, formatAge } from '../../core/format.js';
import { renderEmpty } from '../../core/states.js';
import { switcherStyles } from './patient-switcher.styles.js';
import { relationshipPhrase } from './relationship-words.js';

/** Detail of `engage-patient-switch`. */
export interface PatientSwitchDetail {
  /** The patient chosen. */
  patient: LinkedPatient;
}

/** Detail of `engage-session-change`: what the nearest provider should change. */
export interface SessionChangeDetail {
  /** The new patient. */
  patient: RecordRef;
  /** The acting user's own record for that patient, when it differs per patient. */
  user?: RecordRef;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'engage-patient-switch': CustomEvent<PatientSwitchDetail>;
    'engage-session-change': CustomEvent<SessionChangeDetail>;
  }
}

/**
 * For a caregiver who acts for several people (a parent of two children, an adult child
 * of an elderly parent): says whom they are acting for ("Ana Gómez, for Lucas Gómez") and
 * switches between the patients. The list is the host's (`patients`) or, without one,
 * the patient port's `listLinkedPatients` for the acting user (FHIR: the `RelatedPerson`
 * records that share the user's identifier).
 *
 * Choosing a patient fires the cancelable `engage-patient-switch`; unless a listener
 * cancels it, the nearest `<engage-provider>` changes its `patient` (and its `user` to the
 * caregiver's own record for that patient), and every element inside follows. The acting
 * user stays the caregiver, so everything written records who wrote it and for whom.
 * Focus stays on the radio of the patient chosen, also when the list is read again.
 *
 * @tag engage-patient-switcher
 * @summary Whom a caregiver is acting for, and a switch between their patients.
 *
 * @csspart base - The switcher container.
 * @csspart acting - The "Ana Gómez, for Lucas Gómez" line.
 * @csspart options - The group of patients to choose from.
 * @csspart option - One patient (a label around a radio button).
 *
 * @cssprop --engage-switcher-background - Background of the switcher; default the raised surface colour.
 *
 * @fires engage-patient-switch - Cancelable; when the user chooses another patient. `detail.patient` is the choice.
 * @fires engage-session-change - After an uncancelled switch; the provider above takes the new patient from it.
 */
export class EngagePatientSwitcher extends EngageElement {
  static override styles = [...EngageElement.styles, switcherStyles];

  /** The patients to choose from, given by the host; without it the patient port is asked. */
  @property({ attribute: false })
  patients?: LinkedPatient[];

  /**
   * Language of the words that come from the record (a relationship this element cannot
   * translate from its code), marked on them so a screen reader pronounces them right.
   */
  @property({ attribute: 'record-lang' })
  recordLang = 'en';

  private readonly linkedTask = new Task(this, {
    task: async ([given, canList, user], { signal }): Promise<LinkedPatient[]> => {
      if (given) return given as LinkedPatient[];
      const patientPort = this.portOf('patient') as PatientPort | undefined;
      if (!canList || !patientPort?.listLinkedPatients || !user) return [];
      return patientPort.listLinkedPatients(user as string, { signal });
    },
    /*
     * Keyed on whether the port can list, not on the port object: under a proxy policy the
     * provider wraps the adapter anew for each patient, and a switch must not read the same
     * caregiver's list again (the radios would be replaced while the user is on them, and
     * the next arrow key lost).
     */
    args: () => [this.patients, !!this.portOf('patient')?.listLinkedPatients, this.listOwner()] as const,
    autoRun: true,
  });

  private lastOwner?: string;

  /**
   * Whose list to read: the acting user, except that switching makes the caregiver's own
   * record for the new patient the user — that is still the same person and the same list,
   * so it is not read again (the radio keeps focus, the list does not flash "loading").
   */
  private listOwner(): string | undefined {
    const user = this.activeSession.user?.ref;
    const known = this.linkedTask?.value;
    if (this.lastOwner && known?.some((p) => p.actingAs === user)) return this.lastOwner;
    this.lastOwner = user;
    return user;
  }

  protected override render(): TemplateResult {
    const session = this.activeSession;
    return html`<section part="base" class="switcher" lang=${session.locale} aria-label=${msg('Whose record', { id: 'switcher.label' })}>
      ${this.renderTask(this.linkedTask, {
        loadingText: msg('Loading the people you care for…', { id: 'switcher.loading' }),
        complete: (list) => this.renderList(list),
      })}
    </section>`;
  }

  private renderList(list: LinkedPatient[]): TemplateResult {
    const { user, patient, locale, now } = this.activeSession;
    const current = list.find((p) => p.patient === patient);
    if (!list.length) return renderEmpty(msg('You are not linked to anyone else’s record.', { id: 'switcher.none' }));
    const userName = user?.name ?? '';
    return html`
      ${current && userName
        ? html`<p part="acting" class="acting">${msg(str`${userName}, for ${current.name}`, { id: 'switcher.acting' })}</p>`
        : nothing}
      ${list.length > 1
        ? html`<fieldset part="options" class="options">
            <legend>${msg('Whose record do you want to see?', { id: 'switcher.legend' })}</legend>
            ${list.map((p) => {
              const age = formatAge(ageOf(p.birthDate, now()), locale);
              return html`<label part="option" class="option">
                <input
                  type="radio"
                  name="patient"
                  .checked=${live(p.patient === patient)}
                  @change=${() => this.choose(p)}
                />
                <span class="option__text">
                  <span class="option__name">${p.name}</span>
                  ${this.renderDetails(age, p)}
                </span>
              </label>`;
            })}
          </fieldset>`
        : nothing}
    `;
  }

  /**
   * Age and relationship: the relationship in the reader's language from its code, else the
   * record's own words apart from any sentence, marked with the record's language.
   */
  private renderDetails(age: string | undefined, p: LinkedPatient): TemplateResult | typeof nothing {
    const phrase = relationshipPhrase(p.relationshipCode);
    const words = !phrase && p.relationship ? p.relationship : undefined;
    if (!age && !phrase && !words) return nothing;
    const separator = age && (phrase || words) ? ' · ' : '';
    return html`<span class="option__details"
      >${age ?? ''}${separator}${phrase ?? ''}${words
        ? html`${msg('Relationship:', { id: 'switcher.relationship.label' })} <span lang=${this.recordLang}>${words}</span>`
        : nothing}</span
    >`;
  }

  private choose(patient: LinkedPatient): void {
    if (!emit(this, 'engage-patient-switch', { patient }, { cancelable: true })) {
      this.requestUpdate(); // cancelled: the checked radio goes back to the current patient
      return;
    }
    emit(this, 'engage-session-change', { patient: patient.patient, ...(patient.actingAs ? { user: patient.actingAs } : {}) });
  }
}
