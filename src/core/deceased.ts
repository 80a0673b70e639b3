/**
 * Whether the chart's patient has died, for the elements that write on the patient's
 * behalf (messages, refill and renewal requests).
 *
 * A patient marked deceased (`PatientDemographics.deceased`, from FHIR `deceasedBoolean` /
 * `deceasedDateTime`) must not send messages or ask for medicines from the patient's
 * account: a portal left signed in, or a caregiver's proxy access, would otherwise keep
 * writing to the care team as if the patient were alive. Clinicians still see and work the
 * record, so nothing is looked up for them.
 *
 * The status is read through the adapter's `patient` port. When that port is missing or
 * the read fails, the status stays unknown and nothing is blocked: the same writes were
 * possible before this check existed, and an outage of the patient read must not lock a
 * living patient out of messaging.
 */
import { css, html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { Task } from '@lit/task';
import type { PatientPort, RecordRef, Role } from '../adapters/ports.js';
import { token } from './tokens.js';

/** What an element needs to know: its patient port, patient and acting role. */
export type DeceasedArgs = readonly [port: PatientPort | undefined, patient: RecordRef | undefined, role: Role];

/** Looks up (and re-looks up on a new patient, port or role) whether the patient has died. */
export class DeceasedStatus {
  private readonly task: Task<DeceasedArgs, boolean>;

  /**
   * @param host the element
   * @param args its current patient port, patient and role (read on every update)
   */
  constructor(host: ReactiveControllerHost & HTMLElement, args: () => DeceasedArgs) {
    this.task = new Task(host, {
      task: async ([port, patient, role], { signal }) => {
        if (!port || !patient || role === 'clinician') return false;
        try {
          const demographics = await port.getPatient(patient, { signal });
          return demographics.deceased !== undefined && demographics.deceased !== false;
        } catch (error) {
          if (signal.aborted) throw error;
          return false;
        }
      },
      args,
    });
  }

  /**
   * `true` when the acting user is the patient or a caregiver and the patient is known to
   * have died: the element shows {@link renderDeceasedNotice} instead of its write actions.
   */
  get blocksWrites(): boolean {
    return this.task.value === true;
  }
}

/** Styles of {@link renderDeceasedNotice}, for the elements that show it. */
export const deceasedNoticeStyles = css`
  .deceased-notice {
    margin: 0;
    padding: ${token('space-2')} ${token('space-3')};
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    color: ${token('color-text')};
  }
`;

/** The notice shown where the write actions would be. `text` is the element's own (localized) sentence. */
export function renderDeceasedNotice(text: string): TemplateResult {
  return html`<p class="deceased-notice" part="deceased-notice" role="note">${text}</p>`;
}
