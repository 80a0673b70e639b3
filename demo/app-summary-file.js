// @ts-check
/**
 * The Summary tab's file opener on the host page (demo/app.js): a C-CDA or IPS file the
 * user opens is shown instead of the live record, read in the browser only.
 */
import { state, byId } from './app-state.js';
import { STRINGS, t } from './app-strings.js';
import { applySession } from './app-session.js';

// Clinical summary: the live record, or a C-CDA / IPS file the user opens (read in the
// browser only; nothing is uploaded or stored).

const summary = byId('summary');
const summaryFile = /** @type {HTMLInputElement} */ (byId('summary-file'));
const summaryLive = byId('summary-live');
const summaryFileStatus = byId('summary-file-status');

/** @param {unknown} bundle @param {string | undefined} ccda */
function showSummaryDocument(bundle, ccda) {
  /** @type {any} */ (summary).bundle = bundle;
  /** @type {any} */ (summary).ccda = ccda;
  summaryLive.hidden = bundle === undefined && ccda === undefined;
  applySession();
}

summaryFile.addEventListener('change', async () => {
  const file = summaryFile.files?.[0];
  if (!file) return;
  const text = await file.text();
  try {
    if (/^\s*</.test(text)) showSummaryDocument(undefined, text);
    else {
      const json = JSON.parse(text);
      if (json?.resourceType !== 'Bundle') throw new Error('not a Bundle');
      showSummaryDocument(json, undefined);
    }
    const shown = STRINGS[state.locale]['summary-file-shown'];
    summaryFileStatus.textContent = typeof shown === 'function' ? shown(file.name) : String(shown);
  } catch {
    summaryFileStatus.textContent = t('summary-file-error');
  }
  summaryFile.value = '';
});
summaryLive.addEventListener('click', () => {
  showSummaryDocument(undefined, undefined);
  summaryFileStatus.textContent = '';
});
