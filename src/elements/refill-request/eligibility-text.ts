/**
 * The words shown beside a prescription in <engage-refill-request>: why it is in its
 * category, in plain language. Apart from the element so every reason's wording is tested
 * directly over {@link Eligibility} values (and in Spanish through the element's
 * translations).
 */
import { inLanguage, msg, str } from '../../core/localization.js';
import { formatDate } from '../../core/format.js';
import type { Eligibility } from './eligibility.js';

/** The reason text for one prescription's eligibility, in the reader's locale. */
export function reasonText(eligibility: Eligibility, locale: string): string {
  // words and dates both in `locale`, whoever calls (an element's render or a test)
  return inLanguage(locale, () => reasonInActiveLanguage(eligibility, locale));
}

function reasonInActiveLanguage(eligibility: Eligibility, locale: string): string {
  const date = (value: string | undefined) => formatDate(value, locale, { dateStyle: 'long' });
  switch (eligibility.reason) {
    case 'refills-remain':
      return eligibility.refillsRemaining === 1
        ? msg('1 refill left.', { id: 'refill.reason.one-left' })
        : msg(str`${eligibility.refillsRemaining} refills left.`, { id: 'refill.reason.refills-left' });
    case 'expired':
      // no validity period in the record: the expiry is the usual rule, not a recorded fact
      return eligibility.validUntilAssumed
        ? msg('Prescriptions usually expire after a year, and this one was written more than a year ago.', {
            id: 'refill.reason.expired-assumed',
          })
        : msg(str`This prescription expired on ${date(eligibility.validUntil)}.`, { id: 'refill.reason.expired' });
    case 'no-refills-left':
      return msg('No refills left.', { id: 'refill.reason.no-refills' });
    case 'no-refills-authorised':
      return msg('No refills were allowed on this prescription. Ask for a new one.', { id: 'refill.reason.no-refills-authorised' });
    case 'refills-not-stated':
      // the record does not say: never "no refills" nor "0 left" (eligibility.ts, rule 5a)
      return msg('This prescription does not say how many refills it has. Your prescriber will decide.', {
        id: 'refill.reason.refills-not-stated',
      });
    case 'unnamed':
      return msg('The record does not give the name of this medicine. It cannot be asked for online.', { id: 'refill.reason.unnamed' });
    case 'controlled':
      return msg('This is a controlled medicine. Call your clinic to ask for a refill.', {
        id: 'refill.reason.controlled',
      });
    case 'pending':
      return msg('You already asked for this. We are working on it.', { id: 'refill.reason.pending' });
    case 'approved':
      return msg(str`Approved on ${date(eligibility.approvedOn)}. Your pharmacy is getting it ready.`, {
        id: 'refill.reason.approved',
      });
    case 'too-early':
      return msg(str`Too early to refill. You can ask on or after ${date(eligibility.nextEligible)}.`, {
        id: 'refill.reason.too-early',
      });
    case 'not-started':
      return msg(str`This prescription starts on ${date(eligibility.nextEligible)}.`, { id: 'refill.reason.not-started' });
    case 'inactive':
      return msg('This prescription is not active.', { id: 'refill.reason.inactive' });
    case 'do-not-perform':
      return msg('This is an order NOT to give this medicine. It cannot be refilled.', { id: 'refill.reason.do-not-perform' });
    case 'inpatient-only':
      return msg('This medicine is given in the hospital or clinic. It cannot be asked for online.', {
        id: 'refill.reason.inpatient-only',
      });
  }
}
