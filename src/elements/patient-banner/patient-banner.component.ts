import { html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { msg, str } from '../../core/localization.js';
import { Task } from '@lit/task';
import type { AdministrativeSex, AllergyStatus, PatientDemographics, PatientPort } from '../../adapters/ports.js';
import { EngageElement, headingLevelOf } from '../../core/engage-element.js';
import { emit } from '../../core/events.js';
import { ageOf, formatAge, formatDate, formatName, languageName } from '../../core/format.js';
import { bannerStyles } from './patient-banner.styles.js';
import { icon, iconCheck, iconQuestion, iconWarning } from '../../core/icons.js';

/** Detail of `engage-patient-load`. */
export interface PatientLoadDetail {
  /** The patient as shown. */
  patient: PatientDemographics;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'engage-patient-load': CustomEvent<PatientLoadDetail>;
  }
}

function sexLabel(sex: AdministrativeSex | undefined): string {
  switch (sex) {
    case 'female':
      return msg('Female', { id: 'banner.sex.female' });
    case 'male':
      return msg('Male', { id: 'banner.sex.male' });
    case 'other':
      return msg('Other', { id: 'banner.sex.other' });
    case 'unknown':
      return msg('Unknown', { id: 'banner.sex.unknown' });
    default:
      return msg('Not recorded', { id: 'banner.not-recorded' });
  }
}

function criticalityLabel(criticality: string | undefined): string {
  switch (criticality) {
    case 'high':
      return msg('high risk', { id: 'banner.criticality.high' });
    case 'low':
      return msg('low risk', { id: 'banner.criticality.low' });
    case 'unable-to-assess':
      return msg('risk not assessed', { id: 'banner.criticality.unable-to-assess' });
    default:
      return '';
  }
}

function severityLabel(severity: string | undefined): string {
  switch (severity) {
    case 'severe':
      return msg('severe reaction', { id: 'banner.severity.severe' });
    case 'moderate':
      return msg('moderate reaction', { id: 'banner.severity.moderate' });
    case 'mild':
      return msg('mild reaction', { id: 'banner.severity.mild' });
    default:
      return '';
  }
}

/**
 * The patient banner clinicians expect at the top of every EHR screen, and patients
 * see in a portal: name, date of birth and age, sex, medical record number, preferred
 * language and allergy status ("No known allergies" is not the same as "Allergies not
 * recorded"). Reads the patient port of the adapter.
 *
 * @tag engage-patient-banner
 * @summary Patient identity and allergy status at a glance.
 *
 * @slot actions - Host controls shown at the end of the banner (for example "Change patient").
 *
 * @csspart base - The banner container.
 * @csspart name - The patient's name (a heading).
 * @csspart details - The list of demographics.
 * @csspart allergies - The allergy status line.
 * @csspart state - Any loading, error or not-configured message.
 * @csspart retry-button - The retry button of the error state.
 *
 * @cssprop --engage-banner-background - Banner background; default the raised surface colour.
 * @cssprop --engage-banner-border - Banner border colour.
 * @cssprop --engage-color-danger - Colour of the allergy warning (always paired with an icon and text).
 *
 * @fires engage-patient-load - When a patient has loaded; `detail.patient` holds what is shown.
 */
export class EngagePatientBanner extends EngageElement {
  static override styles = [...EngageElement.styles, bannerStyles];

  /** Heading level (1–6) of the patient's name, to fit the host page's outline. */
  @property({ type: Number, attribute: 'heading-level' })
  headingLevel = 2;

  private readonly patientTask = new Task(this, {
    task: async ([port, patient], { signal }) => {
      const result = await (port as PatientPort).getPatient(patient as string, { signal });
      emit(this, 'engage-patient-load', { patient: result });
      return result;
    },
    args: () => [this.portOf('patient'), this.activeSession.patient] as const,
    autoRun: true,
  });

  protected override render(): TemplateResult {
    const session = this.activeSession;
    return html`<section part="base" class="banner" lang=${session.locale} aria-label=${msg('Patient', { id: 'banner.label' })}>
      ${this.renderMissing('patient') ??
      this.renderTask(this.patientTask, {
        loadingText: msg('Loading patient…', { id: 'banner.loading' }),
        complete: (patient) => this.renderPatient(patient),
      })}
      <slot name="actions"></slot>
    </section>`;
  }

  private renderPatient(patient: PatientDemographics): TemplateResult {
    const { locale, role, now } = this.activeSession;
    const name =
      formatName(patient.names, role === 'clinician' ? 'sortable' : 'natural', locale) ||
      msg('Name not recorded', { id: 'banner.no-name' });
    const deceasedDate = typeof patient.deceased === 'string' ? patient.deceased : undefined;
    const age = formatAge(ageOf(patient.birthDate, now(), deceasedDate), locale);
    const born = patient.birthDate
      ? `${formatDate(patient.birthDate, locale)}${age ? ` (${age})` : ''}`
      : msg('Not recorded', { id: 'banner.not-recorded' });
    const level = headingLevelOf(this.headingLevel);
    return html`
      <div class="identity">
        <div part="name" class="name" role="heading" aria-level=${level}>${name}</div>
        ${patient.deceased
          ? html`<span class="deceased">${deceasedDate
              ? msg(str`Deceased ${formatDate(deceasedDate, locale)}`, { id: 'banner.deceased-on' })
              : msg('Deceased', { id: 'banner.deceased' })}</span>`
          : nothing}
      </div>
      <dl part="details" class="details">
        ${this.item(msg('Born', { id: 'banner.born' }), born)}
        ${this.item(msg('Sex', { id: 'banner.sex' }), sexLabel(patient.sex))}
        ${this.item(
          // our own localized label: the record's type text is in whatever language it was written
          msg('MRN', { id: 'banner.mrn' }),
          patient.mrn?.value ?? msg('Not recorded', { id: 'banner.not-recorded' }),
        )}
        ${this.item(
          msg('Language', { id: 'banner.language' }),
          languageName(patient.preferredLanguage, locale) || msg('Not recorded', { id: 'banner.not-recorded' }),
        )}
      </dl>
      ${this.renderAllergies(patient.allergies)}
    `;
  }

  private item(label: string, value: string): TemplateResult {
    return html`<div class="item"><dt>${label}</dt><dd>${value}</dd></div>`;
  }

  private renderAllergies(status: AllergyStatus | undefined): TemplateResult {
    if (!status) {
      return html`<p part="allergies" class="allergies allergies--unknown">
        ${msg('Allergy status could not be loaded.', { id: 'banner.allergies.unknown' })}
      </p>`;
    }
    switch (status.kind) {
      case 'unrecorded':
        return html`<p part="allergies" class="allergies allergies--unrecorded">
          ${icon(iconQuestion)}${msg('Allergies not recorded', { id: 'banner.allergies.unrecorded' })}
        </p>`;
      case 'none-known':
        return html`<p part="allergies" class="allergies allergies--none">
          ${icon(iconCheck)}${msg('No known allergies', { id: 'banner.allergies.none' })}
        </p>`;
      case 'recorded': {
        const top = status.mostSevere;
        // an allergy the record does not confirm still counts (safer) and says so: in the count
        // when there are several, beside its name when it is the one named
        const qualifiers = [criticalityLabel(top?.criticality), severityLabel(top?.severity), top?.unconfirmed && msg('unconfirmed', { id: 'banner.allergy.unconfirmed' })]
          .filter(Boolean)
          .join(', ');
        return html`<p part="allergies" class="allergies allergies--recorded">
          ${icon(iconWarning)}
          <strong
            >${status.unconfirmed && status.count > 1
              ? msg(str`Allergies: ${status.count} (${status.unconfirmed} unconfirmed)`, { id: 'banner.allergies.count-unconfirmed' })
              : msg(str`Allergies: ${status.count}`, { id: 'banner.allergies.count' })}</strong
          >
          ${top?.substance
            ? html`<span class="allergy-top"
                >${status.count > 1 ? msg('Most serious:', { id: 'banner.allergies.most-serious' }) : nothing}
                ${top.substance}${qualifiers ? ` (${qualifiers})` : ''}</span
              >`
            : nothing}
        </p>`;
      }
    }
  }
}
