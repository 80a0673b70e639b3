/**
 * Every XSS payload in test/fixtures/sanitizer, put into a message body, a subject, a
 * sender's name and an attachment title, executes nothing in the messaging elements.
 * Execution is detected, not guessed: alert, prompt, confirm, print and open are
 * replaced by recorders while the elements render into the live page.
 */
import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import '../../src/elements/message-inbox/message-inbox.js';
import '../../src/elements/message-thread/message-thread.js';
import type { EngageMessageInbox } from '../../src/elements/message-inbox/message-inbox.component.js';
import type { EngageMessageThread } from '../../src/elements/message-thread/message-thread.component.js';
import { createMemoryAdapter } from '../../src/adapters/memory/index.js';
import type { Message, Thread } from '../../src/adapters/ports.js';
import { waitFor } from './helpers.js';
import { hits, installTraps, itDetectsUnsanitizedExecution, xssPayloads } from './xss-traps.js';
import { ignoreResizeObserverLoop } from './message-helpers.js';

ignoreResizeObserverLoop();

const PATIENT = 'Patient/xss';
const ME = { user: { ref: PATIENT, name: 'Pat' }, role: 'patient' as const };
const CHUNK = 100;

function data(payloads: string[]) {
  const threads: Thread[] = [];
  const messages: Message[] = [];
  for (let start = 0; start < payloads.length; start += CHUNK) {
    const id = `xss-${start / CHUNK}`;
    const chunk = payloads.slice(start, start + CHUNK);
    threads.push({
      id,
      subject: chunk[0]!,
      status: 'open',
      patient: PATIENT,
      participants: [{ ref: PATIENT, kind: 'patient', name: 'Pat' }, { ref: `Practitioner/${id}`, kind: 'practitioner', name: chunk[1] ?? chunk[0]! }],
      created: '2024-06-01T10:00:00Z',
      lastActivity: '2024-06-01T10:00:00Z',
      unreadCount: 0,
    });
    chunk.forEach((payload, index) =>
      messages.push({
        id: `${id}-${index}`,
        threadId: id,
        sender: { ref: `Practitioner/${id}-${index}`, kind: 'practitioner', name: payload },
        sent: new Date(Date.UTC(2024, 5, 1, 10, index)).toISOString(),
        body: payload,
        attachments: [{ id: '0', title: payload, contentType: 'application/pdf', size: 10, url: `memory:${id}-${index}` }],
        delivery: 'read',
        readByMe: true,
      }),
    );
  }
  return { threads, messages };
}

describe('messaging elements: every XSS fixture payload executes nothing', function () {
  const payloads: string[] = [];
  let restore: () => void;

  before(async () => {
    payloads.push(...(await xssPayloads()).map((v) => v.payload));
    restore = installTraps();
  });

  after(() => restore());

  it('loaded all three vector sets', () => {
    expect(payloads.length).to.be.greaterThan(5000);
  });

  itDetectsUnsanitizedExecution();

  it('in subjects, previews and participant names in the inbox', async () => {
    hits.length = 0;
    const adapter = createMemoryAdapter({ messaging: data(payloads) });
    const container = document.createElement('div');
    document.body.append(container);
    render(
      html`<engage-message-inbox page-size="100" status="all" .adapter=${adapter} .session=${{ patient: PATIENT, user: ME.user, role: 'patient' }}></engage-message-inbox>`,
      container,
    );
    const el = container.firstElementChild as EngageMessageInbox;
    let shown = 0;
    for (;;) {
      await waitFor(() => (el.shadowRoot?.querySelectorAll('.thread-link').length ?? 0) > shown, 'more conversations');
      shown = el.shadowRoot!.querySelectorAll('.thread-link').length;
      const more = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes('Show older'));
      if (!more) break;
      more.click();
    }
    const subjects = [...el.shadowRoot!.querySelectorAll('.thread-link .subject')].map((s) => s.textContent);
    expect(subjects.length).to.equal(Math.ceil(payloads.length / CHUNK));
    // rendered as text, exactly as written
    for (let i = 0; i < subjects.length; i++) expect(subjects).to.include(payloads[i * CHUNK]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    render(null, container);
    container.remove();
    expect(hits).to.deep.equal([]);
  });

  it('in message bodies, sender names and attachment titles in threads', async () => {
    hits.length = 0;
    const { threads, messages } = data(payloads);
    const adapter = createMemoryAdapter({ messaging: { threads, messages } });
    const container = document.createElement('div');
    document.body.append(container);
    let checked = 0;
    for (const thread of threads) {
      render(
        html`<engage-message-thread
          thread-id=${thread.id}
          .adapter=${adapter}
          .session=${{ patient: PATIENT, user: ME.user, role: 'patient' }}
        ></engage-message-thread>`,
        container,
      );
      const el = container.firstElementChild as EngageMessageThread;
      const expected = messages.filter((m) => m.threadId === thread.id);
      await waitFor(() => el.shadowRoot?.querySelectorAll('[part~="message"]').length === expected.length, `thread ${thread.id}`);
      const root = el.shadowRoot!;
      const names = [...root.querySelectorAll('.sender')].map((s) => s.textContent);
      const titles = [...root.querySelectorAll('.attachments .file-name')].map((s) => s.textContent);
      expect(names).to.deep.equal(expected.map((m) => m.sender.name));
      expect(titles).to.deep.equal(expected.map((m) => m.attachments[0]!.title));
      for (const body of root.querySelectorAll('.body')) {
        expect(body.querySelector('script, iframe, object, embed, img, svg, math, form, style, link, meta, base')).to.equal(null);
        for (const node of body.querySelectorAll('*')) {
          for (const attribute of node.attributes) expect(/^on/i.test(attribute.name)).to.equal(false);
        }
        for (const anchor of body.querySelectorAll('a[href]')) {
          expect(anchor.getAttribute('href')).to.match(/^(https?:|mailto:|tel:)/i);
          expect(anchor.getAttribute('rel')).to.equal('noopener noreferrer');
        }
      }
      checked += expected.length;
      render(null, container);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    container.remove();
    expect(checked).to.equal(payloads.length);
    expect(hits).to.deep.equal([]);
  });
});
