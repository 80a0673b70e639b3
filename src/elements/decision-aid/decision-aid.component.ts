import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '../../core/localization.js';
import { Task, initialState } from '@lit/task';
import type { DecisionAidPort, DecisionAidResponse } from '../../adapters/ports.js';
import { EngageElement } from '../../core/engage-element.js';
import { emit } from '../../core/events.js';
import { fingerprintOf, WriteIntent, type WriteIntentState } from '../../core/write-protocol.js';
import { formatDate } from '../../core/format.js';
import { errorText } from '../../core/states.js';
import { EngageError, isEngageError } from '../../core/errors.js';
import type { AidOutcome, DecisionAidContent } from './content/types.js';
import { validateAid, type AidProblem } from './content/validate.js';
import { allNumbers, effectiveInputs, numberFor, type RiskValues, type ShownNumber } from './content/numbers.js';
import { iconArray } from './icon-array.js';
import { decisionAidStyles } from './decision-aid.styles.js';
import { icon, iconArrowLeft, iconArrowRight, iconCheck, iconCross, iconWarning } from '../../core/icons.js';

export type { DecisionAidContent } from './content/types.js';
export { validateAid } from './content/validate.js';
export type { AidProblem, AidValidation } from './content/validate.js';

/** Detail of `engage-decision-complete`: the response as saved. */
export interface DecisionCompleteDetail {
  response: DecisionAidResponse;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'engage-decision-complete': CustomEvent<DecisionCompleteDetail>;
  }
}

/** The steps, in order; a step without content in the aid is left out. */
export type DecisionStep = 'decision' | 'options' | 'numbers' | 'values' | 'knowledge' | 'sure' | 'summary';

type Loaded =
  | { view: 'aid'; aid: DecisionAidContent }
  | { view: 'invalid'; problems: AidProblem[] }
  | { view: 'review'; aid: DecisionAidContent | undefined; response: DecisionAidResponse };

type SaveState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'saved'; response: DecisionAidResponse }
  | { status: 'error'; error: unknown };

function stepLabel(step: DecisionStep): string {
  switch (step) {
    case 'decision':
      return msg('The decision', { id: 'decision-aid.step.decision' });
    case 'options':
      return msg('Options side by side', { id: 'decision-aid.step.options' });
    case 'numbers':
      return msg('The numbers', { id: 'decision-aid.step.numbers' });
    case 'values':
      return msg('What matters to you', { id: 'decision-aid.step.values' });
    case 'knowledge':
      return msg('Check what you know', { id: 'decision-aid.step.knowledge' });
    case 'sure':
      return msg('How sure do you feel?', { id: 'decision-aid.step.sure' });
    case 'summary':
      return msg('Your leaning and summary', { id: 'decision-aid.step.summary' });
  }
}

/**
 * Aid content inside the element's own text, marked with the content's language, so a
 * screen reader switches voice for the content only and reads the element's text (in the
 * element's language) with the right voice. Without the aid (a saved response whose aid
 * could not load) the text is an id, left unmarked.
 */
function inAid(aid: DecisionAidContent | undefined, text: string): TemplateResult | string {
  return aid ? html`<span lang=${aid.language}>${text}</span>` : text;
}

/** The four SURE test items (Légaré et al.), the element's own text. */
function sureItems(): [string, string, string, string] {
  return [
    msg('Do you feel sure about the best choice for you?', { id: 'decision-aid.sure.1' }),
    msg('Do you know the benefits and risks of each option?', { id: 'decision-aid.sure.2' }),
    msg('Are you clear about which benefits and risks matter most to you?', { id: 'decision-aid.sure.3' }),
    msg('Do you have enough support and advice to make a choice?', { id: 'decision-aid.sure.4' }),
  ];
}

/**
 * A patient decision aid (IPDAS-aligned): the decision and its options, an option grid,
 * outcome numbers as icon arrays (personalized where the aid defines how), values
 * clarification, a knowledge check, the SURE test for decisional conflict, and the
 * patient's leaning and questions, saved through the decision-aid port. Content comes
 * from the port in the documented JSON format and is validated before anything shows;
 * a malformed aid is refused with the problems named. With `response-id` (for example
 * for a clinician), shows a saved response read-only as a one-page visit summary.
 *
 * @tag engage-decision-aid
 * @summary Helps a patient weigh options with their clinician and records their leaning.
 *
 * @slot header - Host content above the aid (for example a note from the clinic).
 *
 * @csspart base - The aid container.
 * @csspart steps - The list of steps (navigation).
 * @csspart step - The current step's panel.
 * @csspart option-grid - The options side by side.
 * @csspart icon-array - Each icon array (SVG), and each part-to-whole bar that stands in for a 1,000-people array on narrow screens.
 * @csspart part-bar - The part-to-whole bar (also `icon-array`).
 * @csspart nav-button - The back and next buttons.
 * @csspart save-button - The save button of the summary step.
 * @csspart print-button - The print button.
 * @csspart summary - The read-only summary of a saved response.
 * @csspart state - Any loading, error or not-configured message.
 * @csspart retry-button - The retry button of the error state.
 *
 * @cssprop --engage-decision-benefit - Colour of filled icons for a benefit (shape differs too).
 * @cssprop --engage-decision-harm - Colour of filled icons for a harm (shape differs too).
 * @cssprop --engage-decision-empty - Colour of the outlined icons.
 *
 * @fires engage-decision-complete - When the response has been saved; `detail.response` is the saved response.
 */
export class EngageDecisionAid extends EngageElement {
  static override styles = [...EngageElement.styles, decisionAidStyles];

  /** Id of the aid to load from the decision-aid port. */
  @property({ attribute: 'aid-id' })
  aidId?: string;

  /** Id of a saved response to show read-only (a clinician's visit summary). */
  @property({ attribute: 'response-id' })
  responseId?: string;

  /** The step to open at when an aid loads (for example `numbers`); default the first. */
  @property({ attribute: 'start-step' })
  startStep?: DecisionStep;

  /** Risk input values supplied by the host (for example a 10-year risk from the chart). */
  @property({ attribute: false })
  riskInputs: RiskValues = {};

  @state() private stepIndex = 0;
  @state() private entered: RiskValues = {};
  @state() private valuesAnswers: Record<string, number> = {};
  @state() private knowledgeAnswers: Record<string, string> = {};
  @state() private sure: [boolean | undefined, boolean | undefined, boolean | undefined, boolean | undefined] = [
    undefined,
    undefined,
    undefined,
    undefined,
  ];
  @state() private leaning?: string;
  @state() private questions = '';
  @state() private save: SaveState = { status: 'idle' };
  @state() private announcement = '';

  private started?: string;
  /**
   * The keys of the save (docs/write-protocol.md): the same answers keep their key; changed
   * answers after a failed save revise what an unanswered attempt stored. The times are
   * not part of the content (a retry is later, but the same answers).
   */
  private readonly saveIntent = new WriteIntent<DecisionAidResponse>((r) => fingerprintOf({ ...r, started: undefined, completed: undefined }));
  private loadedAidKey?: string;

  private readonly loadTask = new Task(this, {
    task: async ([port, aidId, responseId], { signal }): Promise<Loaded | typeof initialState> => {
      // nothing chosen yet (a summary waiting for its response-id): no request for an aid "undefined"
      if (!aidId && !responseId) return initialState;
      const aids = port as DecisionAidPort;
      if (responseId) {
        const response = await aids.getResponse(responseId as string, { signal });
        let aid: DecisionAidContent | undefined;
        try {
          const loaded = await aids.getAid(response.aidId, { signal });
          const checked = validateAid(loaded.content);
          aid = checked.ok ? checked.aid : undefined;
        } catch (error) {
          if (signal.aborted) throw error;
          aid = undefined; // the summary still shows what was saved
        }
        return { view: 'review', aid, response };
      }
      const loaded = await aids.getAid(aidId as string, { signal });
      const checked = validateAid(loaded.content);
      if (!checked.ok) return { view: 'invalid', problems: checked.problems };
      this.resetFor(checked.aid);
      return { view: 'aid', aid: checked.aid };
    },
    // the patient is an argument so that another patient's aid starts over, never
    // carrying one patient's answers into another's response
    args: () => [this.portOf('decisionAids'), this.aidId, this.responseId, this.activeSession.patient] as const,
    autoRun: true,
  });

  /** Starts over when a different aid, version or patient loads; keeps answers on a reload of the same one. */
  private resetFor(aid: DecisionAidContent): void {
    const key = `${this.activeSession.patient ?? ''}|${aid.id}@${aid.version}`;
    if (this.loadedAidKey === key) return;
    this.loadedAidKey = key;
    this.stepIndex = Math.max(0, this.startStep ? this.stepsOf(aid).indexOf(this.startStep) : 0);
    this.entered = {};
    this.valuesAnswers = {};
    this.knowledgeAnswers = {};
    this.sure = [undefined, undefined, undefined, undefined];
    this.leaning = undefined;
    this.questions = '';
    this.save = { status: 'idle' };
    this.saveIntent.settle();
    this.started = this.activeSession.now().toISOString();
    // unsent questions (and the keys of an unanswered save) come back from the draft store
    const draft = this.draftsInUse.load(this.draftKey) as { questions?: unknown; intent?: WriteIntentState } | undefined;
    if (typeof draft?.questions === 'string') this.questions = draft.questions;
    this.saveIntent.restore(draft?.intent);
  }

  /** Where this aid's unsent questions are kept: per patient, aid and version. */
  private get draftKey(): string {
    return `decision-aid:${this.loadedAidKey ?? ''}`;
  }

  private keepDraft(): void {
    if (this.questions || this.saveIntent.unsettled) {
      this.draftsInUse.save(this.draftKey, { questions: this.questions, intent: this.saveIntent.save() });
    } else {
      this.draftsInUse.remove(this.draftKey);
    }
  }

  protected override render(): TemplateResult {
    return html`<section part="base" class="aid" lang=${this.activeSession.locale} aria-label=${msg('Decision aid', { id: 'decision-aid.label' })}>
      <slot name="header"></slot>
      ${this.renderMissing('decisionAids') ??
      (!this.aidId && !this.responseId
        ? html`<div class="state" part="state" role="status">${msg('No decision aid chosen.', { id: 'decision-aid.none' })}</div>`
        : this.renderTask(this.loadTask, {
            loadingText: msg('Loading the decision aid…', { id: 'decision-aid.loading' }),
            complete: (loaded) => this.renderLoaded(loaded),
          }))}
    </section>`;
  }

  private renderLoaded(loaded: Loaded): TemplateResult {
    switch (loaded.view) {
      case 'invalid':
        return this.renderInvalid(loaded.problems);
      case 'review':
        return this.renderReview(loaded.aid, loaded.response);
      case 'aid':
        return this.renderAid(loaded.aid);
    }
  }

  private renderInvalid(problems: AidProblem[]): TemplateResult {
    return html`<div class="state state--error" part="state error" role="alert">
      <p class="state__title">
        ${icon(iconWarning)}${msg('This decision aid cannot be shown because its content has errors.', { id: 'decision-aid.invalid' })}
      </p>
      <ul class="state__details">
        ${problems.slice(0, 20).map((p) => html`<li><code>${p.path}</code>: ${p.message}</li>`)}
      </ul>
    </div>`;
  }

  // ---------------------------------------------------------------------------
  // Steps
  // ---------------------------------------------------------------------------

  private stepsOf(aid: DecisionAidContent): DecisionStep[] {
    const steps: DecisionStep[] = ['decision', 'options'];
    if (aid.outcomes.length) steps.push('numbers');
    if (aid.values.length) steps.push('values');
    if (aid.knowledge.length) steps.push('knowledge');
    steps.push('sure', 'summary');
    return steps;
  }

  private async goTo(index: number, total: number, label: string): Promise<void> {
    this.stepIndex = Math.max(0, Math.min(total - 1, index));
    this.announcement = this.localized(() =>
      msg(str`Step ${this.stepIndex + 1} of ${total}: ${label}`, { id: 'decision-aid.progress' }),
    );
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#step-heading')?.focus();
  }

  private renderAid(aid: DecisionAidContent): TemplateResult {
    const steps = this.stepsOf(aid);
    const index = Math.min(this.stepIndex, steps.length - 1);
    const step = steps[index]!;
    const total = steps.length;
    return html`
      <header class="aid__header" lang=${aid.language}>
        <h2 class="aid__title">${aid.title}</h2>
        <p class="aid__disclaimer">${aid.metadata.disclaimer}</p>
      </header>
      <nav part="steps" class="steps" aria-label=${msg('Steps', { id: 'decision-aid.steps' })}>
        <ol>
          ${steps.map(
            (s, i) => html`<li>
              <button
                type="button"
                class="steps__button"
                aria-current=${i === index ? 'step' : 'false'}
                @click=${() => this.goTo(i, total, stepLabel(s))}
              >
                <span class="steps__number">${i + 1}</span><span class="steps__label">${stepLabel(s)}</span>
              </button>
            </li>`,
          )}
        </ol>
      </nav>
      <p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
      <div part="step" class="step" data-step=${step}>
        <p class="step__progress">${msg(str`Step ${index + 1} of ${total}`, { id: 'decision-aid.step-of' })}</p>
        <h3 id="step-heading" class="step__heading" tabindex="-1">${stepLabel(step)}</h3>
        <div class="step__content">${this.renderStep(aid, step)}</div>
      </div>
      <div class="nav">
        ${index > 0
          ? html`<button type="button" part="nav-button" class="nav__back" @click=${() => this.goTo(index - 1, total, stepLabel(steps[index - 1]!))}>
              ${icon(iconArrowLeft)}${msg('Back', { id: 'decision-aid.back' })}
            </button>`
          : nothing}
        ${index < total - 1
          ? html`<button type="button" part="nav-button" class="nav__next" @click=${() => this.goTo(index + 1, total, stepLabel(steps[index + 1]!))}>
              ${msg('Next', { id: 'decision-aid.next' })}${icon(iconArrowRight)}
            </button>`
          : nothing}
      </div>
    `;
  }

  private renderStep(aid: DecisionAidContent, step: DecisionStep): TemplateResult {
    switch (step) {
      case 'decision':
        return this.renderDecision(aid);
      case 'options':
        return this.renderOptionGrid(aid);
      case 'numbers':
        return this.renderNumbers(aid);
      case 'values':
        return this.renderValues(aid);
      case 'knowledge':
        return this.renderKnowledge(aid);
      case 'sure':
        return this.renderSure();
      case 'summary':
        return this.renderSummary(aid);
    }
  }

  private renderDecision(aid: DecisionAidContent): TemplateResult {
    const { decision, metadata } = aid;
    return html`
      <p class="decision__question" lang=${aid.language}>${decision.question}</p>
      <dl class="facts">
        <dt>${msg('Who this is for', { id: 'decision-aid.who-for' })}</dt>
        <dd lang=${aid.language}>${decision.whoFor}</dd>
        <dt>${msg('Why now', { id: 'decision-aid.why-now' })}</dt>
        <dd lang=${aid.language}>${decision.whyNow}</dd>
        ${decision.doingNothing
          ? html`<dt>${msg('Waiting or doing nothing', { id: 'decision-aid.doing-nothing' })}</dt>
              <dd lang=${aid.language}>${decision.doingNothing}</dd>`
          : nothing}
      </dl>
      <h4>${msg('Your options', { id: 'decision-aid.your-options' })}</h4>
      <ul class="option-list">
        ${aid.options.map((o) => html`<li><strong lang=${aid.language}>${o.label}</strong>: ${inAid(aid, o.summary)}</li>`)}
      </ul>
      <details class="about">
        <summary>${msg('About this aid', { id: 'decision-aid.about' })}</summary>
        <dl class="facts">
          <dt>${msg('Written by', { id: 'decision-aid.authors' })}</dt>
          <dd lang=${aid.language}>${aid.metadata.authors.map((a) => `${a.name} (${a.role})`).join('; ')}</dd>
          <dt>${msg('Last checked', { id: 'decision-aid.last-reviewed' })}</dt>
          <dd>${formatDate(metadata.lastReviewed, this.activeSession.locale)}</dd>
          <dt>${msg('Next check due', { id: 'decision-aid.review-due' })}</dt>
          <dd>${formatDate(metadata.reviewDue, this.activeSession.locale)}</dd>
          <dt>${msg('Conflicts of interest', { id: 'decision-aid.conflicts' })}</dt>
          <dd lang=${aid.language}>${metadata.conflictsOfInterest}</dd>
          <dt>${msg('Funding', { id: 'decision-aid.funding' })}</dt>
          <dd lang=${aid.language}>${metadata.funding}</dd>
          <dt>${msg('How the numbers were made', { id: 'decision-aid.methods' })}</dt>
          <dd lang=${aid.language}>${metadata.methods}</dd>
          <dt>${msg('Version', { id: 'decision-aid.version' })}</dt>
          <dd>${aid.version}</dd>
        </dl>
      </details>
      ${aid.glossary.length
        ? html`<details class="glossary">
            <summary>${msg('Words used in this aid', { id: 'decision-aid.glossary' })}</summary>
            <dl class="facts" lang=${aid.language}>${aid.glossary.map((g) => html`<dt>${g.term}</dt><dd>${g.definition}</dd>`)}</dl>
          </details>`
        : nothing}
    `;
  }

  private renderOptionGrid(aid: DecisionAidContent): TemplateResult {
    const answer = (attribute: DecisionAidContent['attributes'][number], optionId: string) =>
      html`${inAid(aid, attribute.answers[optionId]!)}${attribute.sources?.length
        ? html` <span class="source-ref">(${msg('Source:', { id: 'decision-aid.source' })} ${this.sourceNames(aid, attribute.sources)})</span>`
        : nothing}`;
    // a table where there is room, cards on narrow screens (only one is displayed)
    return html`<div part="option-grid" class="option-grid">
        <table class="grid-table">
          <caption class="visually-hidden">${msg('Options side by side', { id: 'decision-aid.step.options' })}</caption>
          <thead>
            <tr>
              <td></td>
              ${aid.options.map((option) => html`<th scope="col" lang=${aid.language}>${option.label}</th>`)}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">${msg('In short', { id: 'decision-aid.in-short' })}</th>
              ${aid.options.map((option) => html`<td lang=${aid.language}>${option.summary}</td>`)}
            </tr>
            ${aid.attributes.map(
              (attribute) => html`<tr data-attribute=${attribute.id}>
                <th scope="row" lang=${aid.language}>${attribute.question}</th>
                ${aid.options.map((option) => html`<td>${answer(attribute, option.id)}</td>`)}
              </tr>`,
            )}
          </tbody>
        </table>
        <ul class="grid-cards">
          ${aid.options.map(
            (option) => html`<li class="option-card">
              <h4 class="option-card__title" lang=${aid.language}>${option.label}</h4>
              <p lang=${aid.language}>${option.summary}</p>
              <dl>
                ${aid.attributes.map(
                  (attribute) => html`<dt lang=${aid.language}>${attribute.question}</dt>
                    <dd>${answer(attribute, option.id)}</dd>`,
                )}
              </dl>
            </li>`,
          )}
        </ul>
      </div>
      ${this.renderSources(aid)}`;
  }

  private sourceNames(aid: DecisionAidContent, ids: string[]): string {
    return ids
      .map((id) => {
        const index = aid.sources.findIndex((s) => s.id === id);
        return index >= 0 ? `[${index + 1}]` : '';
      })
      .join(' ');
  }

  private renderSources(aid: DecisionAidContent): TemplateResult {
    return html`<details class="sources">
      <summary>${msg('Sources', { id: 'decision-aid.sources' })}</summary>
      <ol>
        ${aid.sources.map(
          (s) => html`<li>
            ${inAid(aid, s.citation)} (${s.year}). ${inAid(aid, s.locator)}${s.url ? html` <span class="url">${s.url}</span>` : nothing}
          </li>`,
        )}
      </ol>
    </details>`;
  }

  private get inputsInEffect(): RiskValues {
    return { ...this.riskInputs, ...this.entered };
  }

  private onRiskInput(id: string, event: Event): void {
    const raw = (event.target as HTMLInputElement).value;
    const value = raw === '' ? undefined : Number(raw);
    this.entered = { ...this.entered, [id]: value };
  }

  private renderNumbers(aid: DecisionAidContent): TemplateResult {
    const { locale } = this.activeSession;
    const inputs = effectiveInputs(aid, this.inputsInEffect);
    return html`
      ${aid.riskInputs.length
        ? html`<div class="risk-inputs">
            ${aid.riskInputs.map((input) => {
              const given = this.inputsInEffect[input.id];
              const invalid = given !== undefined && inputs[input.id] !== given;
              // the aid's example value is in use: the numbers are not this patient's yet
              const example = input.default !== undefined && (given === undefined || invalid);
              const describedBy = [input.help ? `help-${input.id}` : '', example ? `example-${input.id}` : ''].filter(Boolean).join(' ');
              return html`<div class="field">
                <label for="input-${input.id}" lang=${aid.language}>${input.label}</label>
                ${input.help ? html`<p class="help" id="help-${input.id}" lang=${aid.language}>${input.help}</p>` : nothing}
                <input
                  id="input-${input.id}"
                  type="number"
                  inputmode="decimal"
                  min=${input.min}
                  max=${input.max}
                  step=${input.step}
                  .value=${given === undefined || Number.isNaN(given) ? '' : String(given)}
                  aria-describedby=${describedBy || nothing}
                  aria-invalid=${invalid ? 'true' : 'false'}
                  @input=${(e: Event) => this.onRiskInput(input.id, e)}
                />
                ${invalid
                  ? html`<p class="field__error">
                      ${icon(iconWarning)}${msg(str`Enter a number from ${input.min} to ${input.max}.`, { id: 'decision-aid.input-range' })}
                    </p>`
                  : nothing}
                ${example ? this.renderExampleNote(input.id, input.kind, input.default!, locale) : nothing}
              </div>`;
            })}
          </div>`
        : nothing}
      ${aid.oneKindReason
        ? html`<p class="one-kind-reason">
            <strong>${msg('Why the numbers show only one side:', { id: 'decision-aid.one-kind' })}</strong>
            ${inAid(aid, aid.oneKindReason)}
          </p>`
        : nothing}
      ${aid.outcomes.map((outcome, o) => this.renderOutcome(aid, outcome, o, inputs, locale))}
      ${this.renderSources(aid)}
    `;
  }

  /** Says that the numbers use the aid's example value, not the patient's own. */
  private renderExampleNote(id: string, kind: 'percent' | 'number', value: number, locale: string): TemplateResult {
    const shown =
      kind === 'percent'
        ? new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value / 100)
        : new Intl.NumberFormat(locale).format(value);
    return html`<p class="default-note" id="example-${id}">
      ${msg(str`Example numbers, for a value of ${shown}. Your number may differ: your clinician can enter your own above.`, {
        id: 'decision-aid.example-values',
      })}
    </p>`;
  }

  private peopleText(aid: DecisionAidContent, shown: ShownNumber, locale: string): TemplateResult | string {
    const nf = new Intl.NumberFormat(locale);
    switch (shown.kind) {
      case 'number':
        return msg(str`${nf.format(shown.numerator)} out of ${nf.format(shown.denominator)} people`, { id: 'decision-aid.out-of' });
      case 'needs-input':
        return msg('Enter the number above to see this.', { id: 'decision-aid.needs-input' });
      case 'not-estimated':
        // the reason is the aid's text, in the aid's language
        return html`${msg('No number:', { id: 'decision-aid.no-number' })} ${inAid(aid, shown.reason)}`;
    }
  }

  private renderOutcome(aid: DecisionAidContent, outcome: AidOutcome, o: number, inputs: RiskValues, locale: string): TemplateResult {
    return html`<section class="outcome" data-outcome=${outcome.id} aria-labelledby="outcome-${o}">
      <h4 id="outcome-${o}" class="outcome__label">
        <span class="outcome__kind">${outcome.kind === 'benefit'
          ? msg('Benefit:', { id: 'decision-aid.benefit' })
          : msg('Harm:', { id: 'decision-aid.harm' })}</span>
        ${inAid(aid, outcome.label)}, ${inAid(aid, outcome.timeFrame)}
      </h4>
      ${outcome.explanation ? html`<p class="outcome__explanation" lang=${aid.language}>${outcome.explanation}</p>` : nothing}
      <ul class="outcome__options">
        ${aid.options.map((option, p) => {
          const shown = numberFor(outcome, outcome.values[option.id]!, inputs);
          const textId = `n-${o}-${p}`;
          return html`<li class="outcome__option" data-option=${option.id}>
            <p class="outcome__text" id=${textId}>
              <strong>${inAid(aid, option.label)}:</strong> <span class="outcome__count">${this.peopleText(aid, shown, locale)}</span>
            </p>
            ${shown.kind === 'number' ? iconArray(shown.numerator, shown.denominator, outcome.kind, textId) : nothing}
          </li>`;
        })}
      </ul>
      <p class="source-ref">${msg('Source:', { id: 'decision-aid.source' })} ${this.sourceNames(aid, outcome.sources)}</p>
    </section>`;
  }

  private renderValues(aid: DecisionAidContent): TemplateResult {
    return html`<p>${msg('Move each slider to show how much it matters to you. There are no right or wrong answers.', { id: 'decision-aid.values-intro' })}</p>
      ${aid.values.map((item) => {
        const value = this.valuesAnswers[item.id];
        const valueText =
          value === undefined
            ? msg('Not answered yet', { id: 'decision-aid.not-answered' })
            : msg(str`${value} of 10 (0 = ${item.lowLabel}, 10 = ${item.highLabel})`, { id: 'decision-aid.slider-value' });
        return html`<div class="field values-item">
          <label for="value-${item.id}" lang=${aid.language}>${item.statement}</label>
          <input
            id="value-${item.id}"
            type="range"
            min="0"
            max="10"
            step="1"
            .value=${String(value ?? 5)}
            aria-valuetext=${valueText}
            aria-describedby="ends-${item.id}"
            @input=${(e: Event) => (this.valuesAnswers = { ...this.valuesAnswers, [item.id]: Number((e.target as HTMLInputElement).value) })}
          />
          <div class="slider-ends" id="ends-${item.id}">
            <span>0: ${inAid(aid, item.lowLabel)}</span><span>10: ${inAid(aid, item.highLabel)}</span>
          </div>
          <p class="slider-value">${valueText}</p>
        </div>`;
      })}`;
  }

  private renderKnowledge(aid: DecisionAidContent): TemplateResult {
    return html`${aid.knowledge.map((item) => {
      const chosen = this.knowledgeAnswers[item.id];
      return html`<fieldset class="question" data-question=${item.id}>
        <legend lang=${aid.language}>${item.question}</legend>
        ${item.answers.map(
          (answer) => html`<label class="choice">
            <input
              type="radio"
              name="k-${item.id}"
              value=${answer.id}
              .checked=${chosen === answer.id}
              @change=${() => (this.knowledgeAnswers = { ...this.knowledgeAnswers, [item.id]: answer.id })}
            />
            ${inAid(aid, answer.label)}
          </label>`,
        )}
        <p class="feedback" role="status" aria-live="polite">
          ${chosen === undefined
            ? nothing
            : html`<strong>${chosen === item.correct
                  ? html`${icon(iconCheck)}${msg('Correct.', { id: 'decision-aid.correct' })}`
                  : html`${icon(iconCross)}${msg('Not quite.', { id: 'decision-aid.incorrect' })}`}</strong>
                ${inAid(aid, item.feedback)}`}
        </p>
      </fieldset>`;
    })}`;
  }

  private get sureScore(): number | undefined {
    return this.sure.every((a) => a !== undefined) ? this.sure.filter(Boolean).length : undefined;
  }

  private renderSure(): TemplateResult {
    const score = this.sureScore;
    const items = sureItems();
    return html`<p>${msg('Answer yes or no. This helps you and your clinician see if you need more time or help.', { id: 'decision-aid.sure-intro' })}</p>
      ${items.map(
        (question, i) => html`<fieldset class="question" data-sure=${i + 1}>
          <legend>${question}</legend>
          <label class="choice"><input type="radio" name="sure-${i}" .checked=${this.sure[i] === true} @change=${() => this.answerSure(i, true)} />${msg('Yes', { id: 'decision-aid.yes' })}</label>
          <label class="choice"><input type="radio" name="sure-${i}" .checked=${this.sure[i] === false} @change=${() => this.answerSure(i, false)} />${msg('No', { id: 'decision-aid.no' })}</label>
        </fieldset>`,
      )}
      <div class="sure-result" role="status" aria-live="polite">${score === undefined ? nothing : this.sureText(score)}</div>`;
  }

  private sureText(score: number): TemplateResult {
    return html`<p class="sure-score ${score < 4 ? 'sure-score--conflict' : ''}">
      <strong>${msg(str`SURE score: ${score} of 4.`, { id: 'decision-aid.sure-score' })}</strong>
      ${score < 4
        ? html`${icon(iconWarning)}${msg('You may not feel sure yet. That is common. Talk it over with your care team before you decide.', { id: 'decision-aid.sure-conflict' })}`
        : msg('You feel sure about this decision.', { id: 'decision-aid.sure-ok' })}
    </p>`;
  }

  private answerSure(index: number, yes: boolean): void {
    const next = [...this.sure] as typeof this.sure;
    next[index] = yes;
    this.sure = next;
  }

  private renderSummary(aid: DecisionAidContent): TemplateResult {
    const saving = this.save.status === 'saving';
    const saved = this.save.status === 'saved';
    return html`<fieldset class="question leaning">
        <legend>${msg('Which option are you leaning toward now?', { id: 'decision-aid.leaning' })}</legend>
        ${[...aid.options.map((o) => ({ id: o.id, label: inAid(aid, o.label) })), { id: 'unsure', label: msg('I am not sure yet', { id: 'decision-aid.unsure' }) }].map(
          (choice) => html`<label class="choice">
            <input type="radio" name="leaning" value=${choice.id} .checked=${this.leaning === choice.id} ?disabled=${saved} @change=${() => (this.leaning = choice.id)} />
            ${choice.label}
          </label>`,
        )}
      </fieldset>
      <div class="field">
        <label for="questions">${msg('Questions for your care team (optional)', { id: 'decision-aid.questions' })}</label>
        <textarea id="questions" rows="4" .value=${this.questions} ?disabled=${saved} @input=${(e: Event) => {
          this.questions = (e.target as HTMLTextAreaElement).value;
          this.keepDraft();
        }}></textarea>
      </div>
      <h4>${msg('Your answers', { id: 'decision-aid.your-answers' })}</h4>
      ${this.renderAnswers(aid, this.buildResponse(aid))}
      <div class="actions">
        ${saved
          ? nothing
          : html`<button type="button" part="save-button" class="save" ?disabled=${saving} aria-disabled=${saving ? 'true' : 'false'} @click=${() => this.saveResponse(aid)}>
              ${saving ? msg('Saving…', { id: 'decision-aid.saving' }) : msg('Save and share with my care team', { id: 'decision-aid.save' })}
            </button>`}
        <button type="button" part="print-button" class="print" @click=${() => window.print()}>${msg('Print', { id: 'decision-aid.print' })}</button>
      </div>
      <div class="save-status" role="status" aria-live="polite">
        ${saved ? html`<p class="saved" tabindex="-1">${icon(iconCheck)}${msg('Saved. Your care team can see your answers.', { id: 'decision-aid.saved' })}</p>` : nothing}
      </div>
      ${this.save.status === 'error' ? this.renderSaveError(this.save.error, aid) : nothing}`;
  }

  private renderSaveError(error: unknown, aid: DecisionAidContent): TemplateResult {
    const code = isEngageError(error) ? error.code : 'server';
    return html`<div class="state state--error" part="state error" role="alert">
      <p class="state__title">
        ${icon(iconWarning)}${msg('Your answers were not saved yet. They are still here.', { id: 'decision-aid.save-failed' })}
      </p>
      <p class="state__details">${errorText(code)}</p>
      <button type="button" part="retry-button" @click=${() => this.saveResponse(aid)}>${msg('Try again', { id: 'state.retry' })}</button>
    </div>`;
  }

  /** The response as it stands, from what the patient saw and answered. */
  private buildResponse(aid: DecisionAidContent): DecisionAidResponse {
    const inputs = effectiveInputs(aid, this.inputsInEffect);
    const numbers = allNumbers(aid, inputs).flatMap(({ outcomeId, optionId, shown }) =>
      shown.kind === 'number' ? [{ outcomeId, optionId, numerator: shown.numerator, denominator: shown.denominator }] : [],
    );
    const riskInputs: Record<string, number> = {};
    // what was entered or supplied, never the aid's example value (that is the aid's, not the patient's)
    for (const [key, value] of Object.entries(inputs)) if (value !== undefined && this.inputsInEffect[key] === value) riskInputs[key] = value;
    const correct = aid.knowledge.filter((k) => this.knowledgeAnswers[k.id] === k.correct).length;
    const score = this.sureScore;
    return {
      aidId: aid.id,
      aidVersion: aid.version,
      patient: this.activeSession.patient ?? '',
      optionsShown: aid.options.map((o) => o.id),
      numbersShown: numbers,
      riskInputs,
      values: { ...this.valuesAnswers },
      knowledge: { answers: { ...this.knowledgeAnswers }, correct, total: aid.knowledge.length },
      sure: score === undefined ? null : { items: this.sure.map(Boolean) as [boolean, boolean, boolean, boolean], score },
      leaning: this.leaning ?? 'unsure',
      questions: this.questions,
      started: this.started ?? this.activeSession.now().toISOString(),
    };
  }

  private async saveResponse(aid: DecisionAidContent): Promise<void> {
    if (this.save.status === 'saving' || this.save.status === 'saved') return;
    const port = this.portOf('decisionAids');
    if (!port) return;
    const response = { ...this.buildResponse(aid), completed: this.activeSession.now().toISOString() };
    const keys = this.saveIntent.keysFor(response);
    this.keepDraft();
    this.save = { status: 'saving' };
    try {
      const saved = await port.saveResponse(response, keys);
      // a port must answer with the stored response; anything else is not a success
      if (!saved?.id) throw new EngageError('server', 'The response was not stored.');
      this.saveIntent.settle();
      this.draftsInUse.remove(this.draftKey);
      this.save = { status: 'saved', response: saved };
      emit(this, 'engage-decision-complete', { response: saved });
      // the Save button is gone: focus what replaced it, so focus never falls to <body>
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.saved')?.focus();
    } catch (error) {
      this.save = { status: 'error', error };
    }
  }

  // ---------------------------------------------------------------------------
  // Answers and the read-only summary
  // ---------------------------------------------------------------------------

  private renderAnswers(aid: DecisionAidContent | undefined, response: DecisionAidResponse): TemplateResult {
    // labels from the aid in its language; an id when the aid (or that entry) is missing
    const fromAid = (found: string | undefined, id: string) => (found === undefined ? id : inAid(aid, found));
    const optionLabel = (id: string) =>
      id === 'unsure' ? msg('Not sure yet', { id: 'decision-aid.not-sure' }) : fromAid(aid?.options.find((o) => o.id === id)?.label, id);
    const valueLabel = (id: string) => fromAid(aid?.values.find((v) => v.id === id)?.statement, id);
    const outcomeLabel = (id: string) => fromAid(aid?.outcomes.find((o) => o.id === id)?.label, id);
    const inputLabel = (id: string) => fromAid(aid?.riskInputs.find((r) => r.id === id)?.label, id);
    const nf = new Intl.NumberFormat(this.activeSession.locale);
    const valueEntries = Object.entries(response.values);
    return html`<dl class="facts answers">
      <dt>${msg('Leaning', { id: 'decision-aid.leaning-label' })}</dt>
      <dd class="answers__leaning">${optionLabel(response.leaning)}</dd>
      <dt>${msg('How sure (SURE test)', { id: 'decision-aid.sure-label' })}</dt>
      <dd>${response.sure ? this.sureText(response.sure.score) : msg('Not answered yet', { id: 'decision-aid.not-answered' })}</dd>
      <dt>${msg('What matters most', { id: 'decision-aid.values-label' })}</dt>
      <dd>
        ${valueEntries.length
          ? html`<ul>${valueEntries.map(([id, v]) => html`<li>${valueLabel(id)}: ${msg(str`${v} of 10`, { id: 'decision-aid.of-10' })}</li>`)}</ul>`
          : msg('Not answered yet', { id: 'decision-aid.not-answered' })}
      </dd>
      <dt>${msg('Knowledge check', { id: 'decision-aid.knowledge-label' })}</dt>
      <dd>${msg(str`${response.knowledge.correct} of ${response.knowledge.total} correct`, { id: 'decision-aid.knowledge-score' })}</dd>
      <dt>${msg('Questions for the care team', { id: 'decision-aid.questions-label' })}</dt>
      <dd class="answers__questions">${response.questions || msg('None', { id: 'decision-aid.no-questions' })}</dd>
      ${Object.keys(response.riskInputs).length
        ? html`<dt>${msg('Numbers entered', { id: 'decision-aid.inputs-label' })}</dt>
            <dd>${Object.entries(response.riskInputs).map(([k, v], i) => html`${i ? '; ' : ''}${inputLabel(k)}: ${typeof v === 'number' ? nf.format(v) : String(v)}`)}</dd>`
        : nothing}
      <dt>${msg('Numbers shown', { id: 'decision-aid.numbers-label' })}</dt>
      <dd>
        <ul>
          ${response.numbersShown.map(
            (n) => html`<li>${outcomeLabel(n.outcomeId)} — ${optionLabel(n.optionId)}: ${msg(str`${nf.format(n.numerator)} out of ${nf.format(n.denominator)} people`, { id: 'decision-aid.out-of' })}</li>`,
          )}
        </ul>
      </dd>
    </dl>`;
  }

  private renderReview(aid: DecisionAidContent | undefined, response: DecisionAidResponse): TemplateResult {
    const { locale } = this.activeSession;
    return html`<article part="summary" class="review">
      <h2 class="aid__title">${aid ? inAid(aid, aid.title) : response.aidId}</h2>
      <p class="review__meta">
        ${msg(str`Decision aid summary, version ${response.aidVersion}. Completed ${formatDate(response.completed ?? response.started, locale)}.`, { id: 'decision-aid.review-meta' })}
      </p>
      ${aid ? nothing : html`<p class="review__warning">${msg('The aid itself could not be loaded; showing the saved answers only.', { id: 'decision-aid.review-no-aid' })}</p>`}
      ${this.renderAnswers(aid, response)}
      <button type="button" part="print-button" class="print" @click=${() => window.print()}>${msg('Print', { id: 'decision-aid.print' })}</button>
    </article>`;
  }
}
