/**
 * Issue #19, visual design: the one icon set (src/core/icons.ts). Kept apart from
 * design-system.test.ts, which loads every element's stories.
 */
import { expect, html } from '@open-wc/testing';
import { render } from 'lit';
import { ALL_ICONS, icon } from '../../src/core/icons.js';

describe('icons (src/core/icons.ts)', () => {
  it('every icon is an SVG hidden from assistive technology, drawn in the text colour', async () => {
    // rendered directly: fixture() waits for an animation frame, which a background test page never gets
    const host = document.createElement('p');
    document.body.append(host);
    render(html`${ALL_ICONS.map((i) => html`${icon(i)}<span>${i.name}</span>`)}`, host);
    const svgs = [...host.querySelectorAll('svg')];
    expect(svgs.map((s) => s.dataset.icon)).to.deep.equal(ALL_ICONS.map((i) => i.name));
    // the set the issue names, at least
    for (const name of ['status', 'message', 'attachment', 'medicine', 'vaccine', 'calendar', 'warning', 'info', 'check', 'more']) {
      expect(ALL_ICONS.map((i) => i.name)).to.include(name);
    }
    for (const s of svgs) {
      expect(s.getAttribute('aria-hidden'), s.dataset.icon).to.equal('true');
      expect(s.getAttribute('focusable')).to.equal('false');
      expect(s.childElementCount, `${s.dataset.icon} draws something`).to.be.greaterThan(0);
      const box = s.getBBox();
      expect(box.width + box.height, `${s.dataset.icon} draws a visible shape`).to.be.greaterThan(0);
      // no colour of its own: only currentColor (tokens stay the only source of colour)
      const colours = s.outerHTML.match(/(fill|stroke)="([^"]*)"/g)!.map((a) => a.split('"')[1]);
      expect(colours.every((c) => c === 'none' || c === 'currentColor'), `${s.dataset.icon}: ${colours}`).to.equal(true);
    }
    host.remove();
  });
});
