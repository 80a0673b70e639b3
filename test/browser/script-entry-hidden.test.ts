/**
 * The script-tag entry (src/ehr-engage.ts) loads an element the page hides with `hidden`
 * (a closed tab) only when it is shown, so hidden tabs neither download nor fetch (issue 20).
 */
import { expect } from '@open-wc/testing';
import { loadElement } from '../../src/ehr-engage.js';
import { waitFor } from './helpers.js';

const defined = (tag: string) => customElements.get(tag) !== undefined;

describe('script-tag entry: elements in hidden panels', () => {
  it('loads a shown element at once, a hidden one when its panel is shown, and one hidden itself when it is shown', async () => {
    const page = document.createElement('div');
    page.innerHTML = `
      <section id="open"><engage-patient-banner></engage-patient-banner></section>
      <section id="closed" hidden><div><engage-refill-queue></engage-refill-queue></div></section>
      <engage-health-tracker id="self" hidden></engage-health-tracker>`;
    document.body.append(page);
    try {
      await customElements.whenDefined('engage-patient-banner');
      // another element loaded from scratch after the banner: had the hidden ones been
      // asked for with the banner, their chunks would have arrived by now
      await loadElement('engage-patient-switcher');
      expect(defined('engage-refill-queue'), 'the closed panel is not loaded').to.equal(false);
      expect(defined('engage-health-tracker'), 'the hidden element is not loaded').to.equal(false);

      page.querySelector<HTMLElement>('#closed')!.hidden = false;
      await waitFor(() => defined('engage-refill-queue'), 'the panel element to load once shown');
      expect(page.querySelector('engage-refill-queue')!.shadowRoot, 'upgraded in place').to.not.equal(null);
      expect(defined('engage-health-tracker'), 'still hidden itself').to.equal(false);

      page.querySelector<HTMLElement>('#self')!.hidden = false;
      await waitFor(() => defined('engage-health-tracker'), 'the element to load once shown');
    } finally {
      page.remove();
    }
  });

  it('an element added inside a panel that is still hidden waits for the panel', async () => {
    const panel = document.createElement('section');
    panel.hidden = true;
    document.body.append(panel);
    try {
      panel.append(document.createElement('engage-care-reminders'));
      await loadElement('engage-education');
      expect(defined('engage-care-reminders')).to.equal(false);
      panel.hidden = false;
      await waitFor(() => defined('engage-care-reminders'), 'the element to load once its panel is shown');
    } finally {
      panel.remove();
    }
  });
});
