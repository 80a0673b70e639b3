/**
 * One item of a questionnaire as a field: the template for each item type and item
 * control, with its label, prefix, help, unit, entry-format hint and validation message.
 * Questionnaire text (labels, options, help) is untrusted: it reaches the DOM through Lit
 * text bindings or, when rich, through `rich-text.ts` and the one sanitizer.
 *
 * Fields are native controls (radio and check-box groups in a fieldset, select, input,
 * textarea), so keyboard use, labels and validity states come from the platform.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { msg, str } from '../../core/localization.js';
import type { Coding, QAnswerOption, QValue } from '../../adapters/ports.js';
import { equalValues, valueOf } from './model/enable-when.js';
import {
  boundOf,
  entryFormatOf,
  itemControlOf,
  minOccursOf,
  optionCompanion,
  optionPrefixOf,
  richTextOf,
  unitOf,
  EXT,
  extensionsOf,
} from './model/extensions.js';
import type { ItemInstance, QuestionnaireForm } from './model/form.js';
import type { ValidationProblem } from './model/validate.js';
import { richText } from './rich-text.js';
import { icon, iconWarning } from '../../core/icons.js';
import { calendarDayOf } from '../../core/calendar-date.js';

/** What an item's template needs from the element. */
export interface ItemHost {
  form: QuestionnaireForm;
  /** The whole form is read-only (submitted, or being saved). */
  locked: boolean;
  locale: string;
  problems: ReadonlyMap<string, ValidationProblem>;
  /** A DOM id for an instance key (keys hold characters ids should not). */
  idOf(key: string): string;
  /** The permitted answers: answerOption, a contained value set or one the port expanded. */
  optionsOf(instance: ItemInstance): QAnswerOption[] | undefined;
  set(instance: ItemInstance, values: QValue[]): void;
  addRepetition(instance: ItemInstance): void;
  removeRepetition(instance: ItemInstance): void;
  /** Reads a chosen file into an attachment answer. */
  attach(instance: ItemInstance, file: File | undefined): void;
}

/** The words for a validation problem. */
export function problemText(problem: ValidationProblem): string {
  const limit = String(problem.limit ?? '');
  switch (problem.rule) {
    case 'required':
      return msg('Answer this question.', { id: 'questionnaire.error.required' });
    case 'max-length':
      return msg(str`Use ${limit} characters or fewer.`, { id: 'questionnaire.error.max-length' });
    case 'min-value':
      return msg(str`Enter ${limit} or more.`, { id: 'questionnaire.error.min-value' });
    case 'max-value':
      return msg(str`Enter ${limit} or less.`, { id: 'questionnaire.error.max-value' });
    case 'integer':
      return msg('Enter a whole number.', { id: 'questionnaire.error.integer' });
    case 'number':
      return msg('Enter a number.', { id: 'questionnaire.error.number' });
    case 'url':
      return msg('Enter a web address that starts with https://.', { id: 'questionnaire.error.url' });
  }
}

/** The text of an option (its display, code or value). */
export function optionLabel(option: QValue): string {
  const value = valueOf(option);
  if (value && typeof value === 'object') {
    const coding = value as Coding & { value?: number; unit?: string; title?: string; reference?: string };
    return coding.display ?? coding.code ?? coding.title ?? coding.reference ?? (coding.value !== undefined ? `${coding.value} ${coding.unit ?? ''}`.trim() : '');
  }
  return value === undefined ? '' : String(value);
}

/** The value an option stands for (without its own extensions and flags). */
const optionValue = ({ initialSelected: _i, extension: _e, _valueString: _s, ...value }: QAnswerOption): QValue => value;

function label(host: ItemHost, instance: ItemInstance): TemplateResult {
  const { item } = instance;
  const prefix = item.prefix ? html`<span class="prefix">${richText(item.prefix, richTextOf(item._prefix))}</span> ` : nothing;
  const required = item.required === true || (minOccursOf(item) ?? 0) >= 1;
  return html`${prefix}${richText(item.text ?? item.linkId, richTextOf(item._text))}${required && !host.locked
    ? html`<span class="required"> (${msg('required', { id: 'questionnaire.required' })})</span>`
    : nothing}`;
}

function help(host: ItemHost, instance: ItemInstance): TemplateResult | typeof nothing {
  if (!instance.help.length) return nothing;
  return html`<details class="help" part="help">
    <summary>${msg('More about this question', { id: 'questionnaire.help' })}</summary>
    ${instance.help.map((h) => html`<p id=${`${host.idOf(instance.key)}-help`}>${richText(h.text, richTextOf(h._text))}</p>`)}
  </details>`;
}

function hint(host: ItemHost, instance: ItemInstance): { ids: string; view: TemplateResult | typeof nothing } {
  const id = host.idOf(instance.key);
  const problem = host.problems.get(instance.key);
  const format = entryFormatOf(instance.item);
  const ids = [format ? `${id}-format` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ');
  return {
    ids,
    view: html`${format ? html`<p class="hint" id=${`${id}-format`}>${msg(str`Format: ${format}`, { id: 'questionnaire.format' })}</p>` : nothing}
    ${problem ? html`<p class="error" id=${`${id}-error`}>${icon(iconWarning)}${problemText(problem)}</p>` : nothing}`,
  };
}

/** A FHIR dateTime from a `datetime-local` value (the viewer's offset), and back. */
function toDateTime(local: string): string {
  if (!local) return '';
  const date = new Date(local);
  if (Number.isNaN(date.getTime())) return '';
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${local.length === 16 ? `${local}:00` : local}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}
/**
 * A stored dateTime as `datetime-local` shows it: on the viewer's clock. A time with a zone
 * (`Z`, `-05:00`) is an instant, maybe written in another zone or normalised to UTC by the
 * server; its digits read as local time would show another hour (another day near midnight),
 * and saving them again would move the answer by the difference.
 */
function fromDateTime(value: unknown): string {
  if (typeof value !== 'string') return '';
  const at = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ? new Date(value) : undefined;
  if (!at || Number.isNaN(at.getTime())) return value.slice(0, 16);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${calendarDayOf(at)}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

function field(host: ItemHost, instance: ItemInstance): TemplateResult {
  const { item } = instance;
  const id = host.idOf(instance.key);
  const answers = host.form.answersOf(instance.key);
  const first = answers[0];
  const disabled = host.locked || item.readOnly === true;
  const invalid = host.problems.has(instance.key);
  const { ids, view: hintView } = hint(host, instance);
  const described = ifDefined(ids || undefined);
  const control = itemControlOf(item);
  const set = (values: QValue[]) => host.set(instance, values);
  const text = (key: keyof QValue, parse: (raw: string) => unknown = (raw) => raw) => (e: Event) => {
    const raw = (e.target as HTMLInputElement).value;
    const parsed = raw === '' ? undefined : parse(raw);
    set(parsed === undefined ? [] : [{ [key]: parsed } as QValue]);
  };
  const number = (raw: string) => (Number.isFinite(Number(raw)) ? Number(raw) : raw);
  const min = boundOf(item, 'min');
  const max = boundOf(item, 'max');
  const unit = unitOf(item);
  const labelled = (input: TemplateResult) => html`<div class="question" part="question">
    <label for=${id}>${label(host, instance)}</label>
    ${help(host, instance)}
    <div class="input-row">${input}${unit ? html`<span class="unit">${unit}</span>` : nothing}</div>
    ${hintView}
  </div>`;
  const common = { id, disabled, invalid: invalid ? 'true' : 'false' };

  switch (item.type) {
    case 'boolean':
      return choiceGroup(host, instance, [{ valueBoolean: true }, { valueBoolean: false }], false, hintView, ids, (o) =>
        optionLabel(o) === 'true' ? msg('Yes', { id: 'questionnaire.yes' }) : msg('No', { id: 'questionnaire.no' }),
      );
    case 'integer':
    case 'decimal': {
      const key = item.type === 'integer' ? 'valueInteger' : 'valueDecimal';
      if (control === 'slider' && typeof min === 'number' && typeof max === 'number') {
        const step = extensionsOf(item, EXT.sliderStep)[0]?.valueInteger ?? 1;
        return labelled(html`<input type="range" id=${id} min=${min} max=${max} step=${step} .value=${live(String(valueOf(first) ?? min))}
          ?disabled=${common.disabled} aria-invalid=${common.invalid} aria-describedby=${described} @change=${text(key, number)} /><output for=${id}>${valueOf(first) ?? ''}</output>`);
      }
      return labelled(html`<input type="text" inputmode=${item.type === 'integer' ? 'numeric' : 'decimal'} id=${id} .value=${live(first ? String(valueOf(first) ?? '') : '')}
        ?disabled=${common.disabled} aria-invalid=${common.invalid} aria-describedby=${described} @change=${text(key, number)} />`);
    }
    case 'date':
      return labelled(html`<input type="date" id=${id} .value=${live(String(first?.valueDate ?? ''))} min=${ifDefined(typeof min === 'string' ? min : undefined)}
        max=${ifDefined(typeof max === 'string' ? max : undefined)} ?disabled=${common.disabled} aria-invalid=${common.invalid} aria-describedby=${described} @change=${text('valueDate')} />`);
    case 'dateTime':
      return labelled(html`<input type="datetime-local" id=${id} .value=${live(fromDateTime(first?.valueDateTime))} ?disabled=${common.disabled}
        aria-invalid=${common.invalid} aria-describedby=${described} @change=${text('valueDateTime', (raw) => toDateTime(raw) || undefined)} />`);
    case 'time':
      return labelled(html`<input type="time" id=${id} .value=${live(String(first?.valueTime ?? '').slice(0, 5))} ?disabled=${common.disabled}
        aria-invalid=${common.invalid} aria-describedby=${described} @change=${text('valueTime', (raw) => (raw.length === 5 ? `${raw}:00` : raw))} />`);
    case 'text':
      return labelled(html`<textarea id=${id} rows="4" maxlength=${ifDefined(item.maxLength)} .value=${live(String(first?.valueString ?? ''))} ?disabled=${common.disabled}
        aria-invalid=${common.invalid} aria-describedby=${described} @change=${text('valueString')}></textarea>`);
    case 'url':
      return labelled(html`<input type="url" id=${id} .value=${live(String(first?.valueUri ?? ''))} ?disabled=${common.disabled}
        aria-invalid=${common.invalid} aria-describedby=${described} @change=${text('valueUri')} />`);
    case 'quantity': {
      const quantity = first?.valueQuantity;
      const units = extensionsOf(item, `${'http://hl7.org/fhir/StructureDefinition/'}questionnaire-unitOption`).map((e) => e.valueCoding).filter((c): c is Coding => Boolean(c));
      const chosen = units.find((u) => u.code === quantity?.code) ?? units[0];
      const write = (value: string, unitCode = chosen?.code) => {
        const unitCoding = units.find((u) => u.code === unitCode);
        set(value === '' ? [] : [{ valueQuantity: { value: Number(value), ...(unitCoding ? { unit: unitCoding.display ?? unitCoding.code, system: unitCoding.system, code: unitCoding.code } : {}) } }]);
      };
      return labelled(html`<input type="text" inputmode="decimal" id=${id} .value=${live(quantity?.value !== undefined ? String(quantity.value) : '')} ?disabled=${common.disabled}
          aria-invalid=${common.invalid} aria-describedby=${described} @change=${(e: Event) => write((e.target as HTMLInputElement).value)} />
        ${units.length > 1
          ? html`<select aria-label=${msg('Unit', { id: 'questionnaire.unit' })} ?disabled=${common.disabled}
              @change=${(e: Event) => write(quantity?.value !== undefined ? String(quantity.value) : '', (e.target as HTMLSelectElement).value)}>
              ${units.map((u) => html`<option value=${u.code ?? ''} ?selected=${u.code === chosen?.code}>${u.display ?? u.code}</option>`)}
            </select>`
          : chosen ? html`<span class="unit">${chosen.display ?? chosen.code}</span>` : nothing}`);
    }
    case 'attachment':
      return labelled(html`<input type="file" id=${id} ?disabled=${common.disabled} aria-invalid=${common.invalid} aria-describedby=${described}
          @change=${(e: Event) => host.attach(instance, (e.target as HTMLInputElement).files?.[0])} />
        ${first?.valueAttachment ? html`<span class="attached">${first.valueAttachment.title ?? ''}</span>` : nothing}`);
    case 'reference':
      // options from an answerExpression (an SDC FHIR query's resources) make it a choice
      if (host.optionsOf(instance)?.length) return choice(host, instance, hintView, ids);
      return labelled(html`<input type="text" id=${id} .value=${live(String(first?.valueReference?.display ?? first?.valueReference?.reference ?? ''))} ?disabled=${common.disabled}
        aria-invalid=${common.invalid} aria-describedby=${described} @change=${(e: Event) => {
          const raw = (e.target as HTMLInputElement).value.trim();
          set(raw ? [{ valueReference: { display: raw } }] : []);
        }} />`);
    case 'choice':
    case 'open-choice':
      return choice(host, instance, hintView, ids);
    default: {
      // string, and the R4 'question' type nobody should use: free text
      const options = host.optionsOf(instance);
      if (options?.length) return choice(host, instance, hintView, ids);
      return labelled(html`<input type="text" id=${id} maxlength=${ifDefined(item.maxLength)} .value=${live(String(first?.valueString ?? ''))} ?disabled=${common.disabled}
        aria-invalid=${common.invalid} aria-describedby=${described} @change=${text('valueString')} />`);
    }
  }
}

/** Radio buttons or check boxes in a fieldset (the default for short option lists). */
function choiceGroup(
  host: ItemHost,
  instance: ItemInstance,
  options: QAnswerOption[],
  multiple: boolean,
  hintView: TemplateResult | typeof nothing,
  ids: string,
  labelOf: (option: QAnswerOption) => TemplateResult | string = (o) => richText(optionLabel(o), richTextOf(optionCompanion(o))),
): TemplateResult {
  const id = host.idOf(instance.key);
  const answers = host.form.answersOf(instance.key);
  const disabled = host.locked || instance.item.readOnly === true;
  const chosen = (option: QAnswerOption) => answers.some((a) => equalValues(a, optionValue(option)));
  const toggle = (option: QAnswerOption, on: boolean) => {
    const value = optionValue(option);
    if (!multiple) return host.set(instance, [value]);
    const rest = answers.filter((a) => !equalValues(a, value));
    host.set(instance, on ? [...rest, value] : rest);
  };
  return html`<fieldset class="question" part="question" id=${id} tabindex="-1" aria-invalid=${host.problems.has(instance.key) ? 'true' : 'false'}
    aria-describedby=${ifDefined(ids || undefined)}>
    <legend>${label(host, instance)}</legend>
    ${help(host, instance)}
    <div class="options">
      ${options.map((option, i) => {
        const prefix = optionPrefixOf(option);
        return html`<label class="option">
          <input type=${multiple ? 'checkbox' : 'radio'} name=${id} id=${`${id}-${i}`} .checked=${live(chosen(option))} ?disabled=${disabled}
            @change=${(e: Event) => toggle(option, (e.target as HTMLInputElement).checked)} />
          ${prefix ? html`<span class="prefix">${prefix}</span> ` : nothing}${labelOf(option)}
        </label>`;
      })}
    </div>
    ${!multiple && answers.length && !disabled
      ? html`<button type="button" class="link clear" @click=${() => host.set(instance, [])}>${msg('Clear answer', { id: 'questionnaire.clear' })}</button>`
      : nothing}
    ${hintView}
  </fieldset>`;
}

function choice(host: ItemHost, instance: ItemInstance, hintView: TemplateResult | typeof nothing, ids: string): TemplateResult {
  const { item } = instance;
  const id = host.idOf(instance.key);
  const options = host.optionsOf(instance) ?? [];
  const answers = host.form.answersOf(instance.key);
  const disabled = host.locked || item.readOnly === true;
  const control = itemControlOf(item);
  const open = item.type === 'open-choice';
  const other = answers.find((a) => !options.some((o) => equalValues(a, optionValue(o))));
  const otherField = open
    ? html`<label class="other">${msg('Other (type your answer)', { id: 'questionnaire.other' })}
        <input type="text" .value=${live(other ? optionLabel(other) : '')} ?disabled=${disabled}
          @change=${(e: Event) => {
            const raw = (e.target as HTMLInputElement).value.trim();
            const listed = answers.filter((a) => a !== other);
            host.set(instance, item.repeats ? [...listed, ...(raw ? [{ valueString: raw }] : [])] : raw ? [{ valueString: raw }] : listed);
          }} />
      </label>`
    : nothing;
  const multiple = item.repeats === true;
  // a native list cannot show rich option text: options the form writes in XHTML or
  // Markdown are shown as radio buttons, as their author meant them to look
  const rich = options.some((o) => richTextOf(optionCompanion(o)) !== undefined);
  const useList = !rich && (control === 'drop-down' || control === 'autocomplete' || (!control && options.length > 8 && !multiple));
  if (!useList || multiple) {
    return html`${choiceGroup(host, instance, options, multiple, hintView, ids)}${otherField}`;
  }
  const selectedIndex = options.findIndex((o) => answers.some((a) => equalValues(a, optionValue(o))));
  if (control === 'autocomplete') {
    // a native combobox: the text field with the options as suggestions; a typed text that
    // matches an option's label chooses it
    const listId = `${id}-list`;
    return html`<div class="question" part="question">
      <label for=${id}>${label(host, instance)}</label>
      ${help(host, instance)}
      <input type="text" id=${id} list=${listId} autocomplete="off" .value=${live(answers[0] ? optionLabel(answers[0]) : '')} ?disabled=${disabled}
        aria-invalid=${host.problems.has(instance.key) ? 'true' : 'false'} aria-describedby=${ifDefined(ids || undefined)}
        @change=${(e: Event) => {
          const raw = (e.target as HTMLInputElement).value.trim();
          const match = options.find((o) => optionLabel(o).toLowerCase() === raw.toLowerCase());
          host.set(instance, match ? [optionValue(match)] : raw && open ? [{ valueString: raw }] : []);
        }} />
      <datalist id=${listId}>${options.map((o) => html`<option value=${optionLabel(o)}></option>`)}</datalist>
      ${hintView}
    </div>`;
  }
  return html`<div class="question" part="question">
    <label for=${id}>${label(host, instance)}</label>
    ${help(host, instance)}
    <select id=${id} ?disabled=${disabled} aria-invalid=${host.problems.has(instance.key) ? 'true' : 'false'} aria-describedby=${ifDefined(ids || undefined)}
      @change=${(e: Event) => {
        const index = Number((e.target as HTMLSelectElement).value);
        host.set(instance, index >= 0 ? [optionValue(options[index]!)] : []);
      }}>
      <option value="-1" ?selected=${selectedIndex < 0}>${msg('Choose…', { id: 'questionnaire.choose' })}</option>
      ${options.map((o, i) => html`<option value=${i} ?selected=${i === selectedIndex}>${[optionPrefixOf(o), optionLabel(o)].filter(Boolean).join(' ')}</option>`)}
    </select>
    ${otherField}
    ${hintView}
  </div>`;
}

/** An item and what it holds, when it is shown. */
export function renderItem(host: ItemHost, instance: ItemInstance): TemplateResult | typeof nothing {
  if (!host.form.isShown(instance)) return nothing;
  const { item } = instance;
  if (item.type === 'display') return html`<p class="display" part="display">${label(host, instance)}</p>${help(host, instance)}`;
  if (item.type === 'group') {
    const headingId = `${host.idOf(instance.key)}-heading`;
    const repeats = item.repeats === true && !host.locked;
    const count = repeats ? host.form.repetitionsOf(instance) : 1;
    const last = repeats && instance.repetition === count - 1;
    return html`<section class="group" part="group" role="group" aria-labelledby=${headingId}>
      <h3 class="group__title" id=${headingId} tabindex=${item.repeats ? '-1' : nothing}>${label(host, instance)}${item.repeats ? html` <span class="repetition">${instance.repetition + 1}</span>` : nothing}</h3>
      ${help(host, instance)}
      ${instance.children.map((child) => renderItem(host, child))}
      ${repeats && count > 1
        ? html`<button type="button" class="link" @click=${() => host.removeRepetition(instance)}>${msg('Remove this one', { id: 'questionnaire.remove' })}</button>`
        : nothing}
      ${last ? html`<button type="button" class="secondary" @click=${() => host.addRepetition(instance)}>${msg('Add another', { id: 'questionnaire.add' })}</button>` : nothing}
    </section>`;
  }
  return html`${field(host, instance)}${instance.children.length ? html`<div class="nested">${instance.children.map((child) => renderItem(host, child))}</div>` : nothing}`;
}
