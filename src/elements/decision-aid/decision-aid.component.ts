import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '../../core/localization.js';
import { Task, initialState } from '@lit/task';
import type { DecisionAidPort, DecisionAidResponse } from '../../adapters/ports.js';
import { EngageElement } from '../../core/engage-element.js';
import { emit } from '../../core/events.js';
import { fingerprintOf, WriteIntent, type WriteIntentState } from '../../core/write-protocol.js';
import { errorText } from '../../core/states.js';
import { EngageError, isEngageError } from '../../core/errors.js';
import type { DecisionAidContent } from './content/types.js';
import { validateAid, type AidProblem } from './content/validate.js';
import { allNumbers, effectiveInputs, type RiskValues } from './content/numbers.js';
import { decisionAidStyles } from './decision-aid.styles.js';
import { icon, iconArrowLeft, iconArrowRight, iconCheck, iconWarning } from '../../core/icons.js';
import { type DecisionStep, inAid, stepLabel } from './aid-text.js';
import { renderDecision, renderOptionGrid } from './aid-overview.js';
import { renderNumbers } from './numbers-step.js';
import { renderAnswers, renderReview } from './aid-answers.js';
import { renderKnowledgeStep, renderSureStep, renderValuesStep } from './aid-questions.js';

export type { DecisionAidContent } from './content/types.js';
export { validateAid } from './content/validate.js';
export type { AidProblem, AidValidation } from './content/validate.js';
export type { DecisionStep } from './aid-text.js';

/** Detail of `engage-decision-complete`: the response as saved. */
export interface DecisionCompleteDetail {
  response: DecisionAidResponse;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'engage-decision-complete': CustomEvent<DecisionCompleteDetail>;
  }
}

type Loaded =
  | { view: 'aid'; aid: DecisionAidContent }
  | { view: 'invalid'; problems: AidProblem[] }
  | { view: 'review'; aid: DecisionAidContent | undefined; response: DecisionAidResponse };

type SaveState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'saved'; response: DecisionAidResponse }
  | { status: 'error'; error: unknown };

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
        return renderReview(loaded.aid, loaded.response, this.activeSession.locale);
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
        return renderDecision(aid, this.activeSession.locale);
      case 'options':
        return renderOptionGrid(aid);
      case 'numbers':
        return renderNumbers(aid, this.activeSession.locale, this.inputsInEffect, (id, event) => this.onRiskInput(id, event));
      case 'values':
        return renderValuesStep(aid, this.valuesAnswers, (id, value) => (this.valuesAnswers = { ...this.valuesAnswers, [id]: value }));
      case 'knowledge':
        return renderKnowledgeStep(aid, this.knowledgeAnswers, (id, answer) => (this.knowledgeAnswers = { ...this.knowledgeAnswers, [id]: answer }));
      case 'sure':
        return renderSureStep(this.sure, this.sureScore, (index, yes) => this.answerSure(index, yes));
      case 'summary':
        return this.renderSummary(aid);
    }
  }

  private get inputsInEffect(): RiskValues {
    return { ...this.riskInputs, ...this.entered };
  }

  private onRiskInput(id: string, event: Event): void {
    const raw = (event.target as HTMLInputElement).value;
    const value = raw === '' ? undefined : Number(raw);
    this.entered = { ...this.entered, [id]: value };
  }

  private get sureScore(): number | undefined {
    return this.sure.every((a) => a !== undefined) ? this.sure.filter(Boolean).length : undefined;
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
      ${renderAnswers(aid, this.buildResponse(aid), this.activeSession.locale)}
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

}
