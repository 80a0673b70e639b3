/**
 * Where focus must be after each action of the stories walked by focus-stories.ts (#19).
 *
 * By default an action keeps focus on the control pressed (it is still shown), or on the
 * control that replaced it (a new node with the same part and label, such as the "Try
 * again" of an error that came back). An action that moves focus elsewhere is named here,
 * per element (story title) and button (`part|label`), with its expected target: by id
 * (a string, or a pattern for ids that carry a record's id), part, role and accessible
 * name. A story may narrow an entry (`story`), where one button leads to different places.
 */

/** The expected target of an action: every field given must match. */
export interface FocusTarget {
  id?: string | RegExp;
  part?: string;
  /** The element's role, explicit or implied by its tag. */
  role?: string | RegExp;
  /** Its accessible name (aria-label, its label's text, else its own text). */
  name?: string | RegExp;
}

export interface FocusRule {
  /** The button pressed: `part|label` (its text, whitespace collapsed). */
  button: string | RegExp;
  /** Only in these stories (default: all of the element's). */
  story?: RegExp;
  /** Only as a second press, after this first one (`part|label`): where the first press changed what the second does. */
  after?: string | RegExp;
  target: FocusTarget;
  /** Why focus goes there. */
  why: string;
}

export const FOCUS_TARGETS: Record<string, FocusRule[]> = {
  'Elements/Clinical summary': [
    { button: '|Send…', target: { id: 'transmit-recipient', role: 'textbox' }, why: 'the send form opens; its first field takes focus' },
    { button: '|Send summary', target: { id: 'transmit-recipient', role: 'textbox' }, why: 'nothing typed: the recipient field, which says what is missing' },
    { button: '|Cancel', target: { role: 'button', name: 'Send…' }, why: 'the send form closes: focus returns to the button that opened it' },
    { button: /^\|Show all \d+$/, target: { part: 'entry', role: 'listitem' }, why: 'the button is gone: the first entry it brought, so the reader keeps their place' },
  ],
  'Elements/Message inbox': [
    { button: 'new-button|New message', target: { id: 'new-title', role: 'heading', name: 'New message' }, why: 'the new-message form replaces the list' },
    { button: 'empty-action|New message', target: { id: 'new-title', role: 'heading', name: 'New message' }, why: 'the new-message form replaces the empty state' },
    { button: 'send-button|Send', target: { id: 'new-recipient', role: 'combobox' }, why: 'nothing chosen or written: the first field that needs an answer (the recipient)' },
    { button: '|Cancel', target: { part: 'new-button', role: 'button', name: 'New message' }, why: 'the form closes: focus returns to the button that opened it' },
    { button: '|Show older conversations', target: { role: 'button', name: /^(?!Show older conversations$)./ }, why: 'the button is gone once all are shown: the first older conversation it brought' },
  ],
  'Elements/Message thread': [
    { button: '|Reply to this message', target: { part: 'composer-input', role: 'textbox' }, why: 'the reply box opens in place of the button' },
    { button: '|Cancel reply', target: { part: 'composer-input', role: 'textbox' }, why: 'the quoted message is dropped with its button: back to the reply being written' },
    { button: 'send-button|Send', story: /^FailedSend$/, target: { role: 'button', name: 'Retry sending' }, why: 'the send fails again: its retry' },
    { button: 'send-button|Send', target: { part: 'composer-input', role: 'textbox' }, why: 'nothing written: the message box, which says what is missing' },
  ],
  'Elements/Refill request': [
    {
      button: 'review-button|Review request',
      after: 'back-button|Change request',
      target: { id: 'review-title', role: 'heading', name: 'Check your request' },
      why: 'the choice was kept: the review replaces the form again',
    },
    { button: 'review-button|Review request', target: { id: /^rx-/, role: 'checkbox' }, why: 'nothing chosen: the first medicine to choose' },
    { button: 'back-button|Change request', target: { id: /^rx-/, role: 'checkbox' }, why: 'the choice returns in place of the review' },
    { button: 'cancel-button|Cancel request', target: { part: 'confirm-cancel-button', role: 'button', name: 'Yes, cancel it' }, why: 'the confirmation replaces the button' },
    {
      button: 'confirm-cancel-button|Yes, cancel it',
      story: /^(SubmitFailed|Submitting)$/,
      target: { part: 'confirm-cancel-button', role: 'button' },
      why: 'every write fails or never answers in these stories: the confirmation stays (with its error), and so does focus',
    },
    { button: 'confirm-cancel-button|Yes, cancel it', target: { id: 'history-title', role: 'heading', name: 'Your requests' }, why: 'the request and its confirmation are gone: the heading of the requests list' },
    { button: '|Keep it', target: { part: 'cancel-button', role: 'button', name: /^Cancel request for / }, why: 'the confirmation closes: focus returns to the request’s Cancel button' },
    { button: 'new-request-button|Request another medication', target: { id: 'title', role: 'heading', name: 'Medication refills' }, why: 'the form replaces the confirmation' },
    { button: 'send-button|Send request', target: { id: 'sent-title', role: 'heading', name: 'Request sent' }, why: 'the confirmation replaces the review' },
    { button: 'send-button|Try sending again', target: { part: 'submit-error', role: 'alert' }, why: 'the send fails again: the error says so' },
  ],
  'Elements/Appointments': [
    { button: 'book-button|Book a visit', target: { id: 'step-heading', role: 'heading' }, why: 'the booking flow replaces the list: its first step’s heading' },
    { button: '|Cancel', target: { role: 'button', name: /^(Book a visit|Change time)$/ }, why: 'the flow closes: focus returns to the button that opened it' },
    { button: '|Back', target: { id: /^(step-heading|a-.+)$/, role: 'heading' }, why: 'the step before replaces this one: its heading (from the decline form: the request’s heading)' },
    { button: '|Book this visit', story: /^BookFailed$/, target: { id: 'book-error', role: 'alert' }, why: 'the booking fails again: the error says so' },
    { button: '|Send request', story: /^RequestFailed$/, target: { id: 'request-error', role: 'alert' }, why: 'the request fails again: the error says so' },
    {
      // a visit type, a clinician, a location or a time: the next step replaces the choices
      button: /^\|(Checkup|New problem consult — ask the clinic|First available|Dr\. .+|Any location|.+ — \d+ .+|(\w+day, \w+ \d+, )?\d{1,2}:\d{2} [AP]M)$/,
      target: { id: 'step-heading', role: 'heading' },
      why: 'a choice made: the next step’s heading',
    },
    { button: '|Cancel visit', target: { role: 'button', name: 'Yes, cancel this visit' }, why: 'the confirmation replaces the button' },
    { button: '|Keep it', target: { id: /^a-/, role: 'heading' }, why: 'the confirmation closes: the visit’s heading (the region that changed)' },
    { button: /^\|(Yes, cancel this visit|Withdraw request)$/, target: { id: 'book', role: 'button', name: 'Book a visit' }, why: 'the visit or request leaves the list: the button to book another' },
    {
      button: /^\|(Book this visit|Move my visit to this time|Send request)$/,
      target: { id: /^appointment-/, part: 'appointment' },
      why: 'the flow closes once the clinic has it: the card of the visit or request it made',
    },
    { button: '|Change time', target: { id: 'step-heading', role: 'heading', name: 'Pick a new day' }, why: 'the calendar replaces the visit: its heading, once its open times load' },
    { button: '|None of these work', target: { id: /^decline-note-/, role: 'textbox' }, why: 'the decline form opens: its note' },
    { button: '|Ask for other times', target: { id: /^appointment-/, part: 'appointment' }, why: 'the offer is answered and its buttons are gone: the request’s card' },
    { button: /^\|\w{3}, \w{3} \d+, \d{4}, /, target: { id: /^appointment-/, part: 'appointment' }, why: 'an offered time is accepted and the offer is gone: the visit’s card' },
  ],
  'Elements/Care reminders': [
    { button: '|I had this done elsewhere', target: { role: 'textbox', name: 'When was it done?' }, why: 'the form opens in the item: its first field' },
    { button: /^\|(Declined|Not applicable)$/, target: { role: 'textbox', name: 'Reason' }, why: 'the reason form opens in the item: its field' },
    { button: '|Save', story: /^SaveFailed$/, target: { id: /^rem-/, role: 'heading' }, why: 'the kept answer is saved: the item moves to its new status, focus to its heading' },
    { button: '|Save', target: { role: 'textbox', name: 'When was it done?' }, why: 'nothing typed: the field that needs an answer' },
    { button: '|Cancel', target: { role: 'button', name: /^(I had this done elsewhere|Declined|Not applicable)$/ }, why: 'the form closes: focus returns to the button that opened it' },
    { button: /^\|(Ordered|Remind me later)$/, target: { id: /^rem-/, role: 'heading' }, why: 'the item changes status and its buttons with it: the item’s heading' },
  ],
  'Elements/Refill review queue': [
    { button: 'save-button|Save decision', target: { id: /^decided-/, role: 'listitem', name: /^Approved: / }, why: 'the decided line replaces the request and its form' },
    { button: 'more-button|Show more requests', target: { id: /^title-/, role: 'heading' }, why: 'the next page is shown: its first request' },
  ],
  'Elements/Decision aid': [
    { button: /^\|\d/, target: { id: 'step-heading', role: 'heading' }, why: 'a step opens: its heading' },
    { button: /^nav-button\|(Next|Back)$/, target: { id: 'step-heading', role: 'heading' }, why: 'another step opens: its heading' },
    { button: 'save-button|Save and share with my care team', story: /^SaveFailure$/, target: { part: 'save-button', role: 'button' }, why: 'the save fails: the button stays, the error is announced' },
    {
      button: 'retry-button|Try again',
      story: /^SaveFailure$/,
      target: { role: 'heading', name: 'Your answers' },
      why: 'the save fails again and its error is drawn anew: the heading of the answers it was saving',
    },
    { button: 'save-button|Save and share with my care team', target: { name: /^Saved\. / }, why: 'the Save button is gone: the saved note that replaced it' },
  ],
  'Elements/Health tracker': [
    {
      button: 'save-button|Save reading',
      story: /^SaveFailed$/,
      target: { part: 'save-button', role: 'button' },
      why: 'the reading is typed and the save fails again: focus stays, the error is announced',
    },
    { button: 'save-button|Save reading', target: { id: 'value-0', role: 'textbox' }, why: 'nothing typed: the value field, which says what is missing' },
    { button: /^import-button\|Save \d+ readings?$/, target: { id: 'tracker-title', role: 'heading', name: 'My health readings' }, why: 'the import preview closes' },
    { button: 'retry-button|Try again', story: /^SaveFailed$/, target: { id: 'entry-title', role: 'heading', name: 'Add a reading' }, why: 'the retry clears the error: the entry form heading' },
  ],
  'Elements/Questionnaire': [
    {
      button: 'submit-button|Send to my care team',
      story: /^RichText$/,
      target: { name: 'Sent. Your care team can see your answers.' },
      why: 'nothing required: the form is sent and the confirmation replaces it',
    },
    {
      button: 'submit-button|Send to my care team',
      target: { role: /^(combobox|radio|checkbox|textbox|spinbutton)$/ },
      why: 'questions unanswered: the first that needs an answer (focus-questionnaire.test.ts checks which)',
    },
  ],
  'Elements/Education': [
    {
      button: /^remove-pdf-button\|Remove: /,
      target: { id: 'pdf', name: 'Upload a PDF' },
      why: 'the chosen PDF is removed: focus returns to the file field, to choose another',
    },
    {
      button: /^mark-read-button\|Mark as read: /,
      target: { role: /^(button|heading)$/, name: /^(Mark as read: .+|Education for you)$/ },
      why: 'the item moves to the read list: focus goes to the next unread item’s “Mark as read” (the focus keeper’s same part at the same place), or to the element heading when none is left',
    },
  ],
};

const IMPLICIT_ROLES: Record<string, string> = { button: 'button', textarea: 'textbox', select: 'combobox', li: 'listitem', a: 'link', h1: 'heading', h2: 'heading', h3: 'heading', h4: 'heading', h5: 'heading', h6: 'heading' };
const INPUT_ROLES: Record<string, string> = { checkbox: 'checkbox', radio: 'radio', number: 'spinbutton', range: 'slider', button: 'button', submit: 'button' };

/** The role of `el`, explicit or implied by its tag. */
export function roleOf(el: Element): string {
  const explicit = el.getAttribute('role');
  if (explicit) return explicit;
  if (el instanceof HTMLInputElement) return INPUT_ROLES[el.type] ?? 'textbox';
  return IMPLICIT_ROLES[el.localName] ?? '';
}

const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/** A simple accessible name: aria-label, aria-labelledby, the control's label, else its text. */
export function nameOf(el: Element): string {
  const label = el.getAttribute('aria-label');
  if (label) return squash(label);
  const root = el.getRootNode() as Document | ShadowRoot;
  const by = el.getAttribute('aria-labelledby');
  if (by) return squash(by.split(/\s+/).map((id) => root.getElementById?.(id)?.textContent).join(' '));
  const labels = (el as HTMLInputElement).labels;
  if (labels?.length) return squash([...labels].map((l) => l.textContent).join(' '));
  return squash(el.textContent);
}

const matches = (expected: string | RegExp | undefined, actual: string) => expected === undefined || (typeof expected === 'string' ? expected === actual : expected.test(actual));

/** True when `el` is the target described. */
export function isTarget(el: Element, target: FocusTarget): boolean {
  return matches(target.id, el.id) && matches(target.part, el.getAttribute('part') ?? '') && matches(target.role, roleOf(el)) && matches(target.name, nameOf(el));
}

/**
 * The rule for a button of a story of the element titled `title`, if focus is expected
 * to move; `after`: the first press, when this is a second one.
 */
export function ruleFor(title: string, story: string, button: string, after?: string): FocusRule | undefined {
  return (FOCUS_TARGETS[title] ?? []).find(
    (rule) => (rule.story ? rule.story.test(story) : true) && (rule.after === undefined || (after !== undefined && matches(rule.after, after))) && matches(rule.button, button),
  );
}
