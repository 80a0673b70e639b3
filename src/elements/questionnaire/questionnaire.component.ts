import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task, initialState } from '@lit/task';
import { msg, str } from '../../core/localization.js';
import type { QValue, Questionnaire, QuestionnairePort, QuestionnaireResponse } from '../../adapters/ports.js';
import { EngageElement } from '../../core/engage-element.js';
import { emit } from '../../core/events.js';
import { EngageError } from '../../core/errors.js';
import { errorText, renderEmpty, renderError, renderLoading } from '../../core/states.js';
import { fingerprintOf, WriteIntent, type WriteIntentState } from '../../core/write-protocol.js';
import { expressionsShapeForm, extensionOf, numberIn, usesExpressions } from './model/extensions.js';
import { QuestionnaireForm, type ItemInstance } from './model/form.js';
import { validate, type ValidationProblem } from './model/validate.js';
import type { ScoreBand } from './model/score.js';
import { renderItem, type ItemHost } from './item-view.js';
import { AnswerSources } from './answer-sources.js';
import type * as ReviewView from './review-view.js';
import { questionnaireStyles } from './questionnaire.styles.js';
import { loadSanitizer, usesRichText } from './rich-text.js';
import { icon, iconWarning } from '../../core/icons.js';
import { bytesToBase64 } from '../../core/base64.js';
import { onFirstUse } from '../../core/on-first-use.js';

export type { ScoreBand } from './model/score.js';

/** Detail of `engage-questionnaire-save` and `engage-questionnaire-submit`: the response as stored. */
export interface QuestionnaireSavedDetail {
  response: QuestionnaireResponse;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'engage-questionnaire-save': CustomEvent<QuestionnaireSavedDetail>;
    'engage-questionnaire-submit': CustomEvent<QuestionnaireSavedDetail>;
  }
}

interface Loaded {
  form: QuestionnaireForm;
  /** The response as stored, when one was loaded. */
  response?: QuestionnaireResponse;
  /** Value sets the port could not expand (their questions show no options). */
  missingValueSets: string[];
}

/** The FHIRPath engine on its way to a form shown before it (gone once its calculated answers are in). */
interface Calculating {
  ready: Promise<void>;
  /** Loads the engine again after a failed load. */
  again: () => Promise<void>;
}

type SaveState =
  | { status: 'idle' }
  | { status: 'saving'; kind: 'draft' | 'submit' }
  | { status: 'saved'; kind: 'draft' | 'submit'; response: QuestionnaireResponse }
  | { status: 'error'; kind: 'draft' | 'submit'; error: unknown };

/*
 * The read-only view (review-view.ts, with the date and number formatting it brings) is
 * not needed to fill a form in: it loads on demand, once per page, when a response is
 * shown read-only or a save starts (the saved notice shows the time). It keeps the
 * element's up-front download within the per-element budget (#16).
 */
let reviewView: typeof ReviewView | undefined;

/** The FHIRPath engine and the SDC launch context, from their on-demand chunks (a failed load is a network failure). */
const loadExpressions = onFirstUse(async () => {
  const { loadExpressionEngine, launchOf } = await import('./model/expressions.js');
  return { engine: await loadExpressionEngine(), launchOf };
});
const loadReview = async (): Promise<typeof ReviewView> => (reviewView ??= await import('./review-view.js'));

/**
 * A FHIR R4 `Questionnaire` to fill in, saved as a `QuestionnaireResponse` through the
 * questionnaire port: patient-reported outcomes (PHQ-9, GAD-7), symptom check-ins and
 * pre-visit forms. Renders every R4 item type, `enableWhen`, SDC expressions (FHIRPath,
 * loaded only for a form that has them), scores from `ordinalValue`/`itemWeight`, and
 * rich text through the one sanitizer. Answers can be saved as a draft and resumed
 * (`response-id`); a failed save keeps everything typed; submitting checks required
 * answers and limits first and moves focus to the first problem.
 *
 * A completed response (or any response, for a clinician) is shown read-only, with the
 * score and the interpretation the questionnaire states for it.
 *
 * @tag engage-questionnaire
 * @summary Fills in a FHIR questionnaire and saves the response; shows completed responses with their score.
 *
 * @slot header - Host content above the form (for example who asked for it and why).
 *
 * @csspart base - The questionnaire container.
 * @csspart question - Each question (a fieldset or a labelled field).
 * @csspart group - Each group of questions.
 * @csspart display - Each display text.
 * @csspart help - The help disclosure of a question.
 * @csspart save-button - The save-draft button.
 * @csspart submit-button - The submit button.
 * @csspart score - The score box of the read-only view.
 * @csspart answers - The answer list of the read-only view.
 * @csspart state - Any loading, error or not-configured message.
 *
 * @fires engage-questionnaire-save - When a draft has been stored; `detail.response` is the stored response.
 * @fires engage-questionnaire-submit - When the completed response has been stored; `detail.response` is the stored response.
 */
export class EngageQuestionnaire extends EngageElement {
  static override styles = [...EngageElement.styles, questionnaireStyles];

  /** The questionnaire to load from the port: an id, `Questionnaire/id` or a canonical URL (`url|version`). */
  @property({ attribute: 'questionnaire' })
  questionnaireRef?: string;

  /** A questionnaire given as an object (used instead of `questionnaire`). */
  @property({ attribute: false })
  questionnaireResource?: Questionnaire;

  /** A stored response: a draft to resume, or a completed one to show read-only. */
  @property({ attribute: 'response-id' })
  responseId?: string;

  /** Score bands to interpret the total with, instead of the ones the questionnaire states. */
  @property({ attribute: false })
  scoreBands?: ScoreBand[];

  @state() private revision = 0;
  @state() private save: SaveState = { status: 'idle' };
  @state() private problems = new Map<string, ValidationProblem>();
  @state() private announcement = '';
  /** Why the read-only view could not be loaded (shown with a retry). */
  @state() private reviewError?: unknown;
  private reviewLoad?: Promise<void>;

  private form?: QuestionnaireForm;
  /** The FHIRPath engine on its way, for a form shown before it (only its calculated answers wait). */
  private calculating?: Calculating;
  /** The stored response (id and version), once a save or the load gave one. */
  private stored?: QuestionnaireResponse;
  /** Value-set options and SDC query results of the loaded form. */
  private readonly sources = new AnswerSources();
  private readonly ids = new Map<string, string>();
  /**
   * The keys of the save (docs/write-protocol.md): the same answers and status keep their
   * key; changed answers after a failed save revise what an unanswered attempt stored.
   * The time is not part of the content (a retry is later, but the same answers).
   */
  private readonly intent = new WriteIntent<QuestionnaireResponse>((r) => fingerprintOf({ ...r, authored: undefined, meta: undefined }));

  private readonly loadTask = new Task(this, {
    task: async ([port, ref, inline, responseId, patient], { signal }): Promise<Loaded | typeof initialState> => {
      if (!port || (!ref && !inline && !responseId)) return initialState;
      const questionnaires = port as QuestionnairePort;
      const response = responseId ? await questionnaires.getResponse(responseId as string, { signal }) : undefined;
      const questionnaireRef = (ref as string | undefined) || response?.questionnaire;
      if (!inline && !questionnaireRef) throw new EngageError('invalid', 'The response names no questionnaire.');
      const questionnaire = (inline as Questionnaire | undefined) ?? (await questionnaires.getQuestionnaire(questionnaireRef!, { signal }));
      // the FHIRPath engine (with the FHIR-query mapping) is a chunk of its own, fetched only for
      // a form with expressions; a completed response whose expressions only calculate shows
      // its answers as stored, never calculated again (the record says what the total was)
      const shapesForm = expressionsShapeForm(questionnaire);
      const asStored = (response?.status === 'completed' || response?.status === 'amended') && !shapesForm;
      const expressions = usesExpressions(questionnaire) && !asStored ? loadExpressions() : undefined;
      expressions?.catch(() => undefined); // awaited below, or by the first save
      const sanitizer = usesRichText(questionnaire) ? loadSanitizer() : undefined;
      const missingValueSets = await this.sources.expandValueSets(questionnaire, questionnaires, signal);
      await sanitizer;
      const draft = response ? undefined : this.restoreDraft(questionnaire, patient as string | undefined);
      const form = new QuestionnaireForm(questionnaire, response ?? draft?.response);
      const attach = async (loading: ReturnType<typeof loadExpressions>): Promise<void> => {
        const { engine, launchOf } = await loading;
        if (signal.aborted) return; // a later load owns the element
        this.sources.clearQueries();
        const answered = () => {
          if (this.form !== form) return;
          form.queriesAnswered();
          this.revision = form.revision;
          this.keepDraft();
        };
        engine.useQueries((query) => this.sources.queryResult(questionnaires, query, signal, answered), launchOf(patient as string | undefined, this.activeSession.user?.ref));
        form.useExpressions(engine);
        if (this.form !== form) return; // still loading: shown with the answers in
        // derived answers only: nothing typed to keep as a draft (a completed response must not become one)
        this.revision = form.revision;
        this.calculating = undefined;
      };
      this.calculating = undefined;
      if (expressions && shapesForm) await attach(expressions);
      else if (expressions) {
        // only calculated answers (a total score) wait for the engine (~160 KiB): the form
        // shows now and they fill in when it comes; a save waits for them (see `write`)
        const calculating: Calculating = { ready: attach(expressions), again: () => (calculating.ready = attach(loadExpressions())) };
        calculating.ready.catch(() => undefined); // awaited by a save, which tries again
        this.calculating = calculating;
      }
      this.form = form;
      this.stored = response ?? (draft?.response?.id ? draft.response : undefined);
      this.ids.clear();
      this.problems = new Map();
      this.save = { status: 'idle' };
      this.revision = form.revision;
      // a response shown read-only shows once its view has come: no loading moment after this one
      if (this.reviewing()) await loadReview();
      return { form, response, missingValueSets };
    },
    // the patient is an argument so another patient's form starts over, never carrying answers across
    args: () => [this.portOf('questionnaires'), this.questionnaireRef, this.questionnaireResource, this.responseId, this.activeSession.patient] as const,
    autoRun: true,
  });

  private draftKey(questionnaire: Questionnaire, patient = this.activeSession.patient): string {
    return `questionnaire:${patient ?? ''}|${questionnaire.url ?? questionnaire.id ?? ''}|${questionnaire.version ?? ''}`;
  }

  /** Answers typed before a re-render or re-creation of the element (the draft store, memory by default). */
  private restoreDraft(questionnaire: Questionnaire, patient: string | undefined): { response?: QuestionnaireResponse } | undefined {
    const draft = this.draftsInUse.load(this.draftKey(questionnaire, patient)) as { response?: QuestionnaireResponse; intent?: WriteIntentState } | undefined;
    this.intent.restore(draft?.intent);
    return draft;
  }

  private keepDraft(): void {
    if (!this.form) return;
    const key = this.draftKey(this.form.questionnaire);
    if (this.save.status === 'saved' && this.save.kind === 'submit') this.draftsInUse.remove(key);
    else this.draftsInUse.save(key, { response: this.form.response({ ...(this.stored?.id ? { id: this.stored.id, meta: this.stored.meta } : {}) }), intent: this.intent.save() });
  }

  private readonly host: ItemHost = {
    form: undefined as unknown as QuestionnaireForm,
    locked: false,
    locale: 'en',
    problems: new Map(),
    idOf: (key) => {
      let id = this.ids.get(key);
      if (!id) this.ids.set(key, (id = `q${this.ids.size + 1}`));
      return id;
    },
    optionsOf: (instance) => this.sources.optionsOf(instance, this.form),
    set: (instance, values) => this.setAnswers(instance, values),
    addRepetition: (instance) => {
      const count = this.form!.repetitionsOf(instance);
      this.change(() => this.form!.addRepetition(instance));
      void this.focusRepetition(instance, count);
    },
    removeRepetition: (instance) => {
      const count = this.form!.repetitionsOf(instance);
      this.change(() => this.form!.removeRepetition(instance));
      void this.focusRepetition(instance, Math.min(instance.repetition, count - 2));
    },
    attach: (instance, file) => void this.attach(instance, file),
  };

  private change(apply: () => void): void {
    apply();
    this.revision = this.form!.revision;
    // a fixed answer clears its problem at once; new problems wait for the next submit
    if (this.problems.size) this.problems = new Map(validate(this.form!).filter((p) => this.problems.has(p.key)).map((p) => [p.key, p]));
    if (this.save.status === 'saved' && this.save.kind === 'draft') this.save = { status: 'idle' };
    this.keepDraft();
  }

  private setAnswers(instance: ItemInstance, values: QValue[]): void {
    this.change(() => this.form!.setAnswers(instance.key, values));
  }

  private async attach(instance: ItemInstance, file: File | undefined): Promise<void> {
    if (!file) return this.setAnswers(instance, []);
    const maxSize = numberIn(extensionOf(instance.item, `${'http://hl7.org/fhir/StructureDefinition/'}maxSize`));
    if (maxSize !== undefined && file.size > maxSize) {
      this.announcement = this.localized(() => msg('That file is too large for this question.', { id: 'questionnaire.file-too-large' }));
      return;
    }
    const data = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
    this.setAnswers(instance, [{ valueAttachment: { contentType: file.type || 'application/octet-stream', data, title: file.name, size: file.size } }]);
  }

  /** Saves a draft or submits; on failure everything typed stays, with a retry. */
  /** A save or send under way, from the press on (the score engine may still be loading). */
  private writing = false;

  /** One write at a time: a second press while the first waits (for the engine, or the port) sends nothing. */
  private async write(kind: 'draft' | 'submit'): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      await this.writeNow(kind);
    } finally {
      this.writing = false;
    }
  }

  private async writeNow(kind: 'draft' | 'submit'): Promise<void> {
    const port = this.portOf('questionnaires');
    if (!port || !this.form || this.save.status === 'saving') return;
    // "Try again" disappears while saving: focus goes back to what replaces it (#19)
    const retry = this.shadowRoot?.activeElement?.classList.contains('retry') === true;
    // what is sent carries the calculated answers (a total score): the engine first
    const calculating = this.calculating;
    if (calculating) {
      try {
        // a load that failed is tried again, once per save
        await calculating.ready.catch(() => calculating.again());
      } catch (error) {
        return this.saveFailed(kind, error, retry);
      }
    }
    if (kind === 'submit') {
      const problems = validate(this.form);
      this.problems = new Map(problems.map((p) => [p.key, p]));
      if (problems.length) {
        this.announcement = this.localized(() =>
          problems.length === 1
            ? msg('One question needs an answer or a fix before you send.', { id: 'questionnaire.problems-one' })
            : msg(str`${problems.length} questions need an answer or a fix before you send.`, { id: 'questionnaire.problems' }),
        );
        await this.updateComplete;
        this.focusField(problems[0]!.key);
        return;
      }
    }
    const { patient, user } = this.activeSession;
    const response = this.form.response({
      ...(this.stored?.id ? { id: this.stored.id } : {}),
      status: kind === 'submit' ? 'completed' : 'in-progress',
      ...(patient ? { subject: { reference: patient } } : {}),
      ...(user ? { author: { reference: user.ref, display: user.name } } : {}),
      authored: this.activeSession.now().toISOString(),
    });
    const keys = this.intent.keysFor(response);
    // what shows once it is stored (the saved time, the read-only view) loads meanwhile;
    // failing to load it never makes the save look failed
    const shown = loadReview().catch(() => undefined);
    this.save = { status: 'saving', kind };
    this.keepDraft();
    try {
      const saved = kind === 'submit' ? await port.submit(response, keys) : await port.saveDraft(response, keys);
      if (!saved?.id) throw new EngageError('server', 'The response was not stored.');
      await shown;
      this.intent.settle();
      this.stored = saved;
      this.save = { status: 'saved', kind, response: saved };
      this.keepDraft();
      emit(this, kind === 'submit' ? 'engage-questionnaire-submit' : 'engage-questionnaire-save', { response: saved });
      this.announcement = this.localized(() =>
        kind === 'submit' ? msg('Sent. Your care team can see your answers.', { id: 'questionnaire.submitted' }) : msg('Draft saved.', { id: 'questionnaire.draft-saved' }),
      );
      await this.updateComplete;
      // the button may be gone (after submitting): focus what replaced it, never <body>
      if (kind === 'submit' || retry) this.renderRoot.querySelector<HTMLElement>('.notice--saved')?.focus();
    } catch (error) {
      await this.saveFailed(kind, error, retry);
    }
  }

  /** A save that failed: everything typed stays, with a retry (focused when the retry was pressed). */
  private async saveFailed(kind: 'draft' | 'submit', error: unknown, retry: boolean): Promise<void> {
    this.save = { status: 'error', kind, error };
    this.keepDraft();
    this.announcement = this.localized(() => msg('Not saved. Your answers are still here.', { id: 'questionnaire.save-failed' }));
    await this.updateComplete;
    if (retry) this.renderRoot.querySelector<HTMLElement>('.notice--error .retry')?.focus();
  }

  /** Settles once calculated answers that were waiting for the engine are in, too. */
  protected override getUpdateComplete(): Promise<boolean> {
    const calculating = this.calculating;
    if (!calculating) return super.getUpdateComplete();
    return super
      .getUpdateComplete()
      .then(() => calculating.ready.catch(() => undefined))
      .then(() => super.getUpdateComplete());
  }

  /**
   * After a repetition is added or removed, the button pressed is gone or belongs to
   * another repetition: focus the heading of the new repetition, or of the one that took
   * the removed one's place (the one before, when the last went), so a screen reader says
   * which repetition the user is in (#19).
   */
  private async focusRepetition(instance: ItemInstance, repetition: number): Promise<void> {
    await this.updateComplete;
    const id = this.ids.get(instance.key.replace(/\[\d+\]$/, `[${repetition}]`));
    if (!id) return;
    this.renderRoot.querySelector<HTMLElement>(`#${id}-heading`)?.focus();
  }

  private focusField(key: string): void {
    const id = this.ids.get(key);
    const target = id ? this.renderRoot.querySelector<HTMLElement>(`#${id}`) : null;
    const field = target?.localName === 'fieldset' ? (target.querySelector<HTMLElement>('input:not([disabled])') ?? target) : target;
    field?.focus();
    field?.scrollIntoView?.({ block: 'center' });
  }

  /** Whether the loaded response shows read-only: sent, completed, or opened by a clinician. */
  private reviewing(): boolean {
    const status = this.stored?.status;
    return (this.save.status === 'saved' && this.save.kind === 'submit') || status === 'completed' || status === 'amended' || (this.activeSession.role === 'clinician' && this.responseId !== undefined);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // shown read-only without a load or a save that brought the view (the session became a clinician's)
    if (!reviewView && !this.reviewLoad && !this.reviewError && this.loadTask.value && this.reviewing()) {
      this.reviewLoad = loadReview()
        .then(
          () => undefined,
          (error: unknown) => void (this.reviewError = error),
        )
        .finally(() => {
          this.reviewLoad = undefined;
          this.requestUpdate();
        });
    }
  }

  protected override render(): TemplateResult {
    const loaded = this.loadTask.value;
    const title = loaded?.form.questionnaire.title;
    return html`<section part="base" class="questionnaire" lang=${this.activeSession.locale} aria-label=${title ?? msg('Questionnaire', { id: 'questionnaire.label' })}>
      <slot name="header"></slot>
      ${this.renderMissing('questionnaires') ??
      (!this.questionnaireRef && !this.questionnaireResource && !this.responseId
        ? renderEmpty(msg('No questionnaire chosen.', { id: 'questionnaire.none' }))
        : this.renderTask(this.loadTask, {
            loadingText: msg('Loading the questionnaire…', { id: 'questionnaire.loading' }),
            // a task that returned initialState is back in its initial state, never complete
            complete: (value) => this.renderLoaded(value as Loaded),
          }))}
      <p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
    </section>`;
  }

  private renderLoaded(loaded: Loaded): TemplateResult {
    const { form } = loaded;
    const q = form.questionnaire;
    const heading = html`<h2>${q.title ?? q.name ?? msg('Questionnaire', { id: 'questionnaire.label' })}</h2>`;
    if (form.problems.length) {
      const loop = form.problems[0]!.linkIds.join(' → ');
      return html`${heading}<div class="refused" role="alert" part="state">
        <p>${msg('This form cannot be shown: some of its questions wait for each other, so none of them could ever appear.', { id: 'questionnaire.loop' })}</p>
        <p class="meta">${loop}</p>
      </div>`;
    }
    const status = this.stored?.status;
    if (this.reviewing()) return this.renderReview(form, heading);
    this.host.form = form;
    this.host.locked = this.save.status === 'saving';
    this.host.locale = this.activeSession.locale;
    this.host.problems = this.problems;
    void this.revision; // re-rendered per answer: the form is mutable, the revision is the signal
    return html`${heading}
      ${q.description ? html`<p>${q.description}</p>` : nothing}
      ${status === 'in-progress' ? html`<p class="meta">${msg('You are continuing a saved draft.', { id: 'questionnaire.resumed' })}</p>` : nothing}
      ${loaded.missingValueSets.length ? html`<p class="notice notice--error">${msg('Some answer lists could not be loaded.', { id: 'questionnaire.value-set-failed' })}</p>` : nothing}
      <form novalidate @submit=${(e: Event) => {
        e.preventDefault();
        void this.write('submit');
      }}>
        ${form.roots.map((instance) => renderItem(this.host, instance))}
        ${this.renderActions()}
      </form>`;
  }

  private renderActions(): TemplateResult {
    const saving = this.save.status === 'saving';
    const savingKind = this.save.status === 'saving' ? this.save.kind : undefined;
    const draftSaved = this.save.status === 'saved' && this.save.kind === 'draft';
    return html`<div class="actions">
        <button type="button" part="save-button" aria-disabled=${saving ? 'true' : 'false'} @click=${() => void this.write('draft')}>
          ${savingKind === 'draft' ? msg('Saving…', { id: 'questionnaire.saving' }) : msg('Save and finish later', { id: 'questionnaire.save' })}
        </button>
        <button type="submit" class="primary" part="submit-button" aria-disabled=${saving ? 'true' : 'false'}>
          ${savingKind === 'submit' ? msg('Sending…', { id: 'questionnaire.sending' }) : msg('Send to my care team', { id: 'questionnaire.submit' })}
        </button>
      </div>
      ${draftSaved
        ? html`<p class="notice notice--saved" tabindex="-1">${reviewView
            ? msg(str`Draft saved ${reviewView.savedAt(this.activeSession.now(), this.activeSession.locale)}.`, { id: 'questionnaire.draft-saved-at' })
            : msg('Draft saved.', { id: 'questionnaire.draft-saved' })}</p>`
        : nothing}
      ${this.save.status === 'error'
        ? html`<div class="notice notice--error" role="alert">
            <p>${icon(iconWarning)}${msg('Your answers were not saved yet. They are still here.', { id: 'questionnaire.not-saved' })}</p>
            <p>${errorText((this.save.error as { code?: string })?.code ?? 'server')}</p>
            <button type="button" class="retry" @click=${() => void this.write(this.save.status === 'error' ? this.save.kind : 'draft')}>${msg('Try again', { id: 'state.retry' })}</button>
          </div>`
        : nothing}`;
  }

  private renderReview(form: QuestionnaireForm, heading: TemplateResult): TemplateResult {
    const justSubmitted = this.save.status === 'saved' && this.save.kind === 'submit';
    return html`${heading}
      ${justSubmitted ? html`<p class="notice notice--saved" tabindex="-1">${msg('Sent. Your care team can see your answers.', { id: 'questionnaire.submitted' })}</p>` : nothing}
      ${reviewView
        ? reviewView.renderReview(form, { response: this.stored, locale: this.activeSession.locale, clinician: this.activeSession.role === 'clinician', bands: this.scoreBands })
        : this.reviewError
          ? renderError(this.reviewError, () => (this.reviewError = undefined))
          : renderLoading()}`;
  }
}
