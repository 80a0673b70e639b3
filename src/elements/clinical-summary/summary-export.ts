/**
 * Saving the summary as a file: the exchangeable document (C-CDA XML, FHIR JSON) and a
 * self-contained web page of what the summary shows. Used only when a reader asks for a
 * download, so <engage-clinical-summary> imports this module then, and it is not part of
 * the element's up-front download.
 */

/** Saves text as a file through a temporary link (the `blob:` URL carries no patient data). */
export function saveFile(root: ParentNode, content: string, type: string, name: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  root.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A web page of a rendered summary: text only, no script, no controls. `copy` is a clone
 * of the element's rendered base (with every entry shown); it is changed in place.
 */
export function summaryPage(copy: HTMLElement, options: { lang: string; title: string; styles: string }): string {
  // a section's title lives in its toggle button: keep the words, drop the control
  for (const toggle of copy.querySelectorAll('[data-section-toggle]')) {
    toggle.querySelector('.chevron')?.remove();
    const title = document.createElement('span');
    title.className = 'section__toggle';
    title.append(...toggle.childNodes);
    toggle.replaceWith(title);
  }
  for (const el of copy.querySelectorAll('button, input, label.toggle, slot, [role="status"], form')) el.remove();
  for (const el of copy.querySelectorAll('details')) el.setAttribute('open', '');
  return (
    `<!doctype html><html lang="${options.lang.replace(/[^A-Za-z0-9-]/g, '')}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${options.title.replace(/[<>&]/g, '')}</title>` +
    `<style>${options.styles.replace(/:host/g, 'body')}</style></head><body>` +
    new XMLSerializer().serializeToString(copy) +
    `</body></html>`
  );
}
