/**
 * <engage-decision-aid>: icon arrays stay legible (issue 19, item 6). A 1,000-icon array
 * has 40 icons a row; below 8 px a cell (an outlined icon under 5 px across) it becomes a
 * grey texture, so on narrow screens the element shows a part-to-whole bar instead, with
 * the same visible number and the same text equivalent. 100-icon arrays (10 a row) stay.
 */
import { expect, html } from '@open-wc/testing';
import { render } from 'lit';
import { setViewport } from '@web/test-runner-commands';
import '../../src/elements/decision-aid/decision-aid.js';
import type { EngageDecisionAid } from '../../src/elements/decision-aid/decision-aid.component.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import { waitFor } from './helpers.js';
import { loadAids } from './decision-aid-helpers.js';

const mounted: HTMLElement[] = [];
afterEach(async () => {
  for (const wrapper of mounted.splice(0)) {
    render(null, wrapper);
    wrapper.remove();
  }
  await setViewport({ width: 800, height: 600 });
});

async function numbersStep(aidId: string, viewport: number): Promise<EngageDecisionAid> {
  await setViewport({ width: viewport, height: 900 });
  const wrapper = document.createElement('div');
  document.body.append(wrapper);
  mounted.push(wrapper);
  render(
    html`<engage-decision-aid
      .adapter=${createMemoryAdapter({ decisionAids: { aids: loadAids } })}
      .session=${{ patient: 'Patient/85', role: 'patient', locale: 'en-US', now: () => new Date('2026-11-25T10:00:00Z') }}
      aid-id=${aidId}
      start-step="numbers"
      .riskInputs=${{ 'ten-year-risk': 12 }}
    ></engage-decision-aid>`,
    wrapper,
  );
  const el = wrapper.querySelector('engage-decision-aid')!;
  await waitFor(() => el.shadowRoot!.querySelector('.step[data-step="numbers"]'), 'the numbers step');
  return el;
}

const shown = (node: Element) => getComputedStyle(node).display !== 'none';

/** Per outcome × option: which graphic is displayed, its role and its text equivalent. */
function graphics(el: EngageDecisionAid) {
  const root = el.shadowRoot!;
  return [...root.querySelectorAll('.outcome__option')].flatMap((cell) => {
    const visible = [...cell.querySelectorAll('[role="img"]')].filter(shown);
    if (!visible.length) return []; // "No number": no graphic at any width
    expect(visible, 'exactly one graphic is displayed').to.have.length(1);
    const graphic = visible[0]!;
    const label = root.getElementById(graphic.getAttribute('aria-labelledby')!);
    return [
      {
        where: `${cell.closest('[data-outcome]')!.getAttribute('data-outcome')} × ${cell.getAttribute('data-option')}`,
        form: graphic.classList.contains('part-bar') ? 'bar' : 'icons',
        icons: graphic.querySelectorAll('.icon').length,
        filled: graphic.querySelectorAll('[data-filled]').length,
        numerator: Number(graphic.getAttribute('data-numerator')),
        textEquivalent: (label?.textContent ?? '').replace(/\s+/g, ' ').trim(),
        width: graphic.getBoundingClientRect().width,
      },
    ];
  });
}

describe('engage-decision-aid: legible icon arrays at every width', function () {
  it('1,000 people: icons at 1280 px, a part-to-whole bar at 320 px, the same text equivalent', async () => {
    const wide = graphics(await numbersStep('colorectal-cancer-screening', 1280));
    const narrow = graphics(await numbersStep('colorectal-cancer-screening', 320));
    // 4 options × 2 outcomes, less the one "No number" (complications without screening)
    expect(wide).to.have.length(7);
    expect(narrow.map((g) => g.where)).to.deep.equal(wide.map((g) => g.where));
    for (const g of wide) {
      expect(g.form, g.where).to.equal('icons');
      expect(g.icons).to.equal(1000);
      expect(g.filled).to.equal(g.numerator);
      expect(g.width / 40, `${g.where}: px per icon at 1280`).to.be.at.least(8);
    }
    for (const [i, g] of narrow.entries()) {
      expect(g.form, g.where).to.equal('bar');
      expect(g.numerator).to.equal(wide[i]!.numerator);
      expect(g.textEquivalent, g.where).to.equal(wide[i]!.textEquivalent);
      expect(g.textEquivalent).to.match(/ out of 1,000 people$/);
    }
    // the bar's filled part is the share it stands for
    const root = (mounted.at(-1)!.querySelector('engage-decision-aid') as EngageDecisionAid).shadowRoot!;
    const bar = root.querySelector('[data-outcome="crc-deaths-prevented"] [data-option="colonoscopy"] .part-bar')!;
    expect(bar.querySelector('.part-bar__part')!.getAttribute('width')).to.equal('24');
    expect(bar.getAttribute('viewBox')).to.match(/^0 0 1000 /);
  });

  it('100 people stay an icon array at 320 px (icons still legible)', async () => {
    const narrow = graphics(await numbersStep('statin-primary-prevention', 320));
    expect(narrow).to.have.length(4);
    for (const g of narrow) {
      expect(g.form, g.where).to.equal('icons');
      expect(g.icons).to.equal(100);
      expect(g.width / 10, `${g.where}: px per icon at 320`).to.be.at.least(8);
    }
  });
});
