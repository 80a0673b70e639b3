/**
 * What <engage-refill-request> tells the user beside its steps: why a request cannot go
 * on yet (also the host form's validation message), and the notice shown instead of the
 * form when the patient has died.
 */
import type { TemplateResult } from 'lit';
import { msg } from '../../core/localization.js';
import { renderDeceasedNotice } from '../../core/deceased.js';

/** Why a request cannot go on: nothing chosen, or (`hasPharmacy` false) nowhere to send it. */
export function missingChoiceText(hasPharmacy: boolean): string {
  return hasPharmacy
    ? msg('Choose at least one medication.', { id: 'refill.error.none-chosen' })
    : msg('No pharmacy is available. Call your clinic.', { id: 'refill.error.no-pharmacy' });
}

/** Shown to a patient or caregiver instead of the request form once the patient has died. */
export function renderDeceasedRefills(): TemplateResult {
  return renderDeceasedNotice(
    msg('This patient has died, so refills and renewals can no longer be requested from this account. Earlier requests are listed below.', {
      id: 'refill.deceased',
    }),
  );
}
