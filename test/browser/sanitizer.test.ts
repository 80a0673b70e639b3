import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import { fixture } from './helpers.js';
import { hits, installTraps, itDetectsUnsanitizedExecution, xssPayloads } from './xss-traps.js';
import { sanitizeToFragment, sanitizedHtml, sanitizeToText, type SanitizeProfile } from '../../src/core/sanitize.js';

function assertInert(root: ParentNode, label: string): void {
  const forbidden = root.querySelector('script, iframe, object, embed, frame, frameset, base, meta, link, style, svg, math, form, img, video, audio, source, input, textarea, button');
  expect(forbidden, `${label}: forbidden element ${forbidden?.outerHTML}`).to.equal(null);
  for (const element of root.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      expect(/^on/i.test(attribute.name), `${label}: event handler ${attribute.name}`).to.equal(false);
      expect(attribute.name, `${label}: style attribute`).to.not.equal('style');
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attribute.name)) {
        expect(/^(https?:|mailto:|tel:)/i.test(attribute.value.trim()), `${label}: URL ${attribute.value}`).to.equal(true);
      }
    }
  }
  for (const anchor of root.querySelectorAll('a[href]')) {
    expect(anchor.getAttribute('rel'), label).to.equal('noopener noreferrer');
    expect(anchor.getAttribute('target'), label).to.equal('_blank');
  }
}

describe('sanitizer: every XSS fixture payload, rendered into a live page, executes nothing', function () {
  const payloads: { source: string; payload: string }[] = [];
  let restore: () => void;

  before(async () => {
    payloads.push(...(await xssPayloads()));
    restore = installTraps();
  });

  after(() => restore());

  it('loaded all three vector sets', () => {
    expect(payloads.length).to.be.greaterThan(5000);
  });

  itDetectsUnsanitizedExecution();

  for (const profile of ['message', 'narrative'] as SanitizeProfile[]) {
    it(`profile "${profile}": no script runs, nothing dangerous survives`, async () => {
      hits.length = 0;
      const host = document.createElement('div');
      const shadow = host.attachShadow({ mode: 'open' });
      document.body.append(host);
      try {
        for (let i = 0; i < payloads.length; i += 500) {
          const container = document.createElement('div');
          for (const { payload, source } of payloads.slice(i, i + 500)) {
            const fragment = sanitizeToFragment(payload, profile);
            assertInert(fragment, `${source}: ${payload.slice(0, 80)}`);
            const cell = document.createElement('div');
            cell.append(fragment);
            container.append(cell);
          }
          shadow.append(container);
          // also through a Lit template, the way elements use it
          render(html`${payloads.slice(i, i + 500).map(({ payload }) => html`<div>${sanitizedHtml(payload, profile)}</div>`)}`, container.appendChild(document.createElement('section')));
        }
        // give load/error/animation handlers and timers a chance to fire
        await new Promise((resolve) => setTimeout(resolve, 300));
        assertInert(shadow, profile);
        expect(hits, 'payloads that executed').to.deep.equal([]);
      } finally {
        host.remove();
      }
    });
  }

  it('is never less safe than DOMPurify defaults on its own expectation vectors', async () => {
    const vectors = await fixture<{ payload: string; expected: string | string[] }[]>('sanitizer/dompurify-expect-vectors.json');
    for (const vector of vectors) {
      const ours = document.createElement('div');
      ours.append(sanitizeToFragment(vector.payload, 'narrative'));
      // whatever DOMPurify's default keeps, we keep no more dangerous markup than that
      assertInert(ours, vector.payload.slice(0, 80));
    }
  });
});

describe('sanitizer: what it keeps', () => {
  function clean(input: string, profile: SanitizeProfile = 'message'): string {
    const div = document.createElement('div');
    div.append(sanitizeToFragment(input, profile));
    return div.innerHTML;
  }

  it('keeps message formatting: paragraphs, lists, bold, italic, links', () => {
    expect(clean('<p>Hi <strong>there</strong> <em>you</em></p><ul><li>one</li></ul>')).to.equal(
      '<p>Hi <strong>there</strong> <em>you</em></p><ul><li>one</li></ul>',
    );
    expect(clean('<a href="https://example.org/a">x</a>')).to.equal(
      '<a href="https://example.org/a" target="_blank" rel="noopener noreferrer">x</a>',
    );
  });

  it('drops javascript: and data: links but keeps their text', () => {
    expect(clean('<a href="javascript:alert(1)">click</a>')).to.equal('<a>click</a>');
    expect(clean('<a href=" JaVaScRiPt:alert(1)">click</a>')).to.equal('<a>click</a>');
    expect(clean('<a href="data:text/html;base64,PHNjcmlwdD4=">d</a>')).to.equal('<a>d</a>');
  });

  it('keeps FHIR narrative tables but not their inline styles', async () => {
    const report = await fixture<{ text: { div: string } }>('fhir-r4/spec-examples-with-narrative/diagnosticReport-example1.json');
    const out = clean(report.text.div, 'narrative');
    expect(out).to.contain('<table');
    expect(out).to.not.contain('style=');
    expect(clean('<table><tr><td>x</td></tr></table>', 'message')).to.equal('x');
  });

  it('turns markup into plain text for previews', () => {
    expect(sanitizeToText('<p>Your <b>results</b></p><script>alert(1)</script><p>are in</p>')).to.equal('Your results are in');
  });

  it('re-renders a changed body and leaves an unchanged one alone', () => {
    const container = document.createElement('div');
    const view = (body: string) => render(html`<p>${sanitizedHtml(body)}</p>`, container);
    view('<b>one</b>');
    const first = container.querySelector('b');
    view('<b>one</b>');
    expect(container.querySelector('b')).to.equal(first);
    view('<i>two</i>');
    expect(container.querySelector('i')?.textContent).to.equal('two');
    expect(container.querySelector('b')).to.equal(null);
  });
});
