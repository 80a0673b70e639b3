/**
 * The CSV import panel: choose or paste a file, check it, see every row with its problem
 * before anything is saved, then save the valid rows (each idempotent on its content, so
 * "Try again" after a failure saves only what is missing and never a row twice). Every
 * field of the file is untrusted and reaches the page only through Lit text bindings.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ReadingType } from '../../adapters/ports.js';
import { msg, str } from '../../core/localization.js';
import type { ImportState } from './health-tracker.component.js';
import { valueText } from './tracker-chart.js';
import { problemText, typeName } from './tracker-words.js';
import { formatDate } from '../../core/format.js';
import { icon, iconCheck, iconCross } from '../../core/icons.js';

interface ImportActions {
  locale: string;
  types: readonly ReadingType[];
  check: (text: string) => void;
  save: () => void;
}

function importResultText(saved: number, failed: number): string {
  return failed
    ? msg(str`${saved} readings saved. ${failed} were not saved. Try again.`, { id: 'tracker.import.partly' })
    : msg(str`${saved} readings saved.`, { id: 'tracker.import.done' });
}

async function readFile(input: HTMLInputElement, actions: ImportActions): Promise<void> {
  const file = input.files?.[0];
  if (file) actions.check(await file.text());
}

export function renderImport(state: ImportState, actions: ImportActions): TemplateResult {
  const rows = state.rows ?? [];
  const valid = rows.filter((r) => r.reading);
  const bad = rows.length - valid.length;
  const savedCount = [...state.saved.values()].filter((s) => s === 'saved').length;
  const failedCount = [...state.saved.values()].filter((s) => s === 'failed').length;
  const left = valid.filter((r) => state.saved.get(r.line) !== 'saved').length;
  const finished = state.saved.size > 0 && !state.busy;
  return html`<details part="import" class="import" ?open=${rows.length > 0}>
    <summary>${msg('Add readings from a file', { id: 'tracker.import.title' })}</summary>
    <p class="hint">
      ${msg('Use a CSV file with 4 columns: date, type, value, unit. Write blood pressure like 120/80.', { id: 'tracker.import.hint' })}
    </p>
    <div class="field">
      <label for="csv-file">${msg('Choose a file', { id: 'tracker.import.file' })}</label>
      <input id="csv-file" type="file" accept=".csv,text/csv" @change=${(e: Event) => void readFile(e.target as HTMLInputElement, actions)} />
    </div>
    <div class="field">
      <label for="csv-text">${msg('Or paste the text of the file', { id: 'tracker.import.paste' })}</label>
      <textarea id="csv-text" rows="4" .value=${state.text}></textarea>
    </div>
    <button type="button" class="check" part="check-button" aria-disabled=${state.busy ? 'true' : 'false'} @click=${(e: Event) => actions.check(((e.target as HTMLElement).closest('details')!.querySelector('#csv-text') as HTMLTextAreaElement).value)}>
      ${msg('Check the rows', { id: 'tracker.import.check' })}
    </button>
    ${state.rows
      ? html`<p class="import__summary" role="status">
            ${msg(str`${valid.length} rows are ready.`, { id: 'tracker.import.ready' })}
            ${bad ? msg(str`${bad} rows have a problem and will not be saved.`, { id: 'tracker.import.bad' }) : nothing}
          </p>
          <div class="scroll">
            <table part="preview" class="preview">
              <caption class="visually-hidden">${msg('Rows in the file', { id: 'tracker.import.caption' })}</caption>
              <thead>
                <tr>
                  <th scope="col">${msg('Row', { id: 'tracker.import.col.row' })}</th>
                  <th scope="col">${msg('In the file', { id: 'tracker.import.col.file' })}</th>
                  <th scope="col">${msg('Will save', { id: 'tracker.import.col.reading' })}</th>
                  <th scope="col">${msg('Status', { id: 'tracker.import.col.status' })}</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map((row) => {
                  const type = row.reading && actions.types.find((t) => t.id === row.reading!.typeId);
                  const status = state.saved.get(row.line);
                  return html`<tr data-line=${row.line} data-status=${row.problem ? 'problem' : (status ?? 'ready')}>
                    <td>${row.line}</td>
                    <td class="raw">${row.fields.join(', ')}</td>
                    <td>${row.reading && type ? `${typeName(type)}: ${valueText(row.reading, type, actions.locale)}, ${formatDate(row.reading.effective, actions.locale, { withTime: true })}` : ''}</td>
                    <td>
                      ${row.problem
                        ? html`<span class="row-problem">${icon(iconCross)}${problemText(row.problem)}</span>`
                        : status === 'saved'
                          ? html`${icon(iconCheck)}${msg('Saved', { id: 'tracker.import.saved' })}`
                          : status === 'failed'
                            ? html`<span class="row-problem">${msg('Not saved yet', { id: 'tracker.import.failed' })}</span>`
                            : msg('Ready', { id: 'tracker.import.ready-row' })}
                    </td>
                  </tr>`;
                })}
              </tbody>
            </table>
          </div>
          ${left > 0
            ? html`<button type="button" part="import-button" class="save" aria-disabled=${state.busy ? 'true' : 'false'} @click=${actions.save}>
                ${state.busy
                  ? msg('Saving…', { id: 'tracker.saving' })
                  : failedCount
                    ? msg('Try again', { id: 'state.retry' })
                    : msg(str`Save ${left} readings`, { id: 'tracker.import.save' })}
              </button>`
            : nothing}
          <p class="import__result" role="status" aria-live="polite">${finished ? importResultText(savedCount, failedCount) : nothing}</p>`
      : nothing}
  </details>`;
}
