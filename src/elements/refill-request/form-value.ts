/**
 * <engage-refill-request> as a control of a host form: its value (and the state a
 * browser restores) is the request draft as JSON, and a `required` one is invalid until
 * a medication is chosen, the message anchored on the first medication's checkbox.
 */
import type { RefillRequestDraft } from '../../adapters/ports.js';
import { missingChoiceText } from './refill-notices.js';

/** Sets the form value and validity of `internals` from `draft` (`undefined`: nothing chosen). */
export function syncFormValue(internals: ElementInternals, draft: RefillRequestDraft | undefined, required: boolean, root: ParentNode): void {
  const value = draft ? JSON.stringify(draft) : null;
  internals.setFormValue(value, value);
  const anchor = root.querySelector<HTMLElement>('input[type="checkbox"]') ?? undefined;
  if (required && !draft) {
    internals.setValidity({ valueMissing: true }, missingChoiceText(true), anchor);
  } else {
    internals.setValidity({});
  }
}
