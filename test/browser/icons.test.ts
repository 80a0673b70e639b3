/**
 * Issue #19, visual design: the one icon set (src/core/icons.ts). Kept apart from
 * design-system.test.ts, which loads every element's stories.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import { ICON_NAMES, icon } from '../../src/core/icons.js';

describe('icons (src/core/icons.ts)', () => {
  it('every icon is an SVG hidden from assistive technology, drawn in the text colour', async () => {
    const host = await mount(html`<p>${ICON_NAMES.map((name) => html`${icon(name)}<span>${name}</span>`)}</p>`);
    const svgs = [...host.querySelectorAll('svg')];
    expect(svgs.map((s) => s.dataset.icon)).to.deep.equal(ICON_NAMES);
    for (const s of svgs) {
      expect(s.getAttribute('aria-hidden'), s.dataset.icon).to.equal('true');
      expect(s.getAttribute('focusable')).to.equal('false');
      expect(s.childElementCount, `${s.dataset.icon} draws something`).to.be.greaterThan(0);
      // no colour of its own: only currentColor (tokens stay the only source of colour)
      const colours = s.outerHTML.match(/(fill|stroke)="([^"]*)"/g)!.map((a) => a.split('"')[1]);
      expect(colours.every((c) => c === 'none' || c === 'currentColor'), `${s.dataset.icon}: ${colours}`).to.equal(true);
    }
  });
});
