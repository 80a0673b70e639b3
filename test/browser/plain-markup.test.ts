/**
 * Message bodies in the composer's own form render without the sanitizer
 * (src/core/plain-markup.ts): the DOM they make is the DOM the sanitizer makes of the same
 * string, node for node, and everything else is left to the sanitizer.
 */
import { expect } from '@open-wc/testing';
import { render } from 'lit';
import { needsSanitizer, renderPlainMarkup } from '../../src/core/plain-markup.js';
import { sanitizeToFragment } from '../../src/core/sanitize.js';
import { textToHtml } from '../../src/elements/message-thread/composer.js';
import { xssPayloads } from './xss-traps.js';

/** The plain path's DOM, without Lit's marker comments, beside the sanitizer's. */
function bothWays(markup: string): { plain: HTMLElement; sanitized: HTMLElement } | undefined {
  const template = renderPlainMarkup(markup);
  if (template === undefined) return undefined;
  const plain = document.createElement('div');
  render(template, plain);
  const walker = document.createTreeWalker(plain, NodeFilter.SHOW_COMMENT);
  const comments: Node[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  for (const comment of comments) comment.parentNode!.removeChild(comment);
  plain.normalize();
  const sanitized = document.createElement('div');
  sanitized.append(sanitizeToFragment(markup, 'message'));
  sanitized.normalize();
  return { plain, sanitized };
}

function expectSameAsSanitizer(markup: string): void {
  const both = bothWays(markup);
  expect(both, `recognized: ${JSON.stringify(markup)}`).to.not.equal(undefined);
  expect(both!.plain.isEqualNode(both!.sanitized), `${JSON.stringify(markup)}: ${both!.plain.innerHTML} vs ${both!.sanitized.innerHTML}`).to.equal(true);
}

describe('plain message markup', () => {
  it('renders what the composer writes as the sanitizer would', () => {
    for (const text of [
      'Thank you, I will walk more.',
      'Two\nlines',
      'First paragraph.\n\nSecond, with\na break.',
      'Fish & chips < 5 > 3 "quoted" \'single\'',
      '<script>alert(1)</script> &amp; already escaped',
      '   spaced   \n\n\n   out   ',
      'Ünïcödé — 日本語 😀',
      '',
    ]) {
      const markup = textToHtml(text);
      if (markup === '') {
        expect(renderPlainMarkup(markup)).to.equal('');
        continue;
      }
      expectSameAsSanitizer(markup);
    }
  });

  it('renders bare text (no markup) as the sanitizer would', () => {
    for (const text of ['Hello', 'Fish &amp; chips', '> quoted', '  padded  ', 'tab\there', 'a\nb']) expectSameAsSanitizer(text);
  });

  it('every XSS fixture payload typed as text comes out as the same text as through the sanitizer', async () => {
    const payloads = (await xssPayloads()).map((v) => v.payload);
    // the parser rewrites carriage returns and drops NULs: those bodies go to the sanitizer
    const plainable = payloads.filter((p) => !/[\r\0]/.test(p));
    let recognized = 0;
    for (const payload of payloads) {
      const markup = textToHtml(payload);
      if (markup === '' || needsSanitizer(markup)) continue;
      recognized++;
      expectSameAsSanitizer(markup);
    }
    const empty = plainable.filter((p) => p.trim() === '').length;
    expect(recognized).to.equal(plainable.length - empty);
  });

  it('leaves every raw XSS fixture payload with markup to the sanitizer, and the rest renders as the sanitizer would', async () => {
    for (const { payload } of await xssPayloads()) {
      if (/[<&]/.test(payload) && !/^(?:<p>(?:[^<&]|&(?:amp|lt|gt|quot|#39);|<br>)*<\/p>)+$/.test(payload)) {
        expect(needsSanitizer(payload), payload).to.equal(true);
        expect(renderPlainMarkup(payload), payload).to.equal(undefined);
      } else if (!needsSanitizer(payload)) {
        expectSameAsSanitizer(payload);
      }
    }
  });

  it('sends anything but paragraphs, line breaks and the five escapes to the sanitizer', () => {
    for (const markup of [
      '<p class="x">a</p>',
      '<p>a</p> <p>b</p>',
      '<p>a<p>b</p>',
      '<p>a</p>b',
      '<b>bold</b>',
      '<p>a<br/>b</p>',
      '<BR>',
      '<p>a &nbsp; b</p>',
      'a &#60; b',
      'a & b',
      '<p>a\r\nb</p>',
      'a\0b',
      '<p><a href="javascript:alert(1)">x</a></p>',
      '<!-- c -->',
    ]) {
      expect(needsSanitizer(markup), markup).to.equal(true);
      expect(renderPlainMarkup(markup), markup).to.equal(undefined);
    }
    expect(needsSanitizer(''), 'empty').to.equal(false);
    expect(needsSanitizer(undefined), 'absent').to.equal(false);
  });
});
