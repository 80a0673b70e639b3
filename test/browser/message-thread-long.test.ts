/**
 * Long conversations (issue 10, defect 7): a thread of 250 messages once rendered no
 * message rows at all — only the composer — while 150 and 10,000 rendered. Every length
 * around the virtualizer switch must show rows, with the newest message in view.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/message-thread/message-thread.js';
import type { EngageMessageThread } from '../../src/elements/message-thread/message-thread.component.js';
import { fhirEndpoints, shadowText, waitFor } from './helpers.js';
import { createFhirAdapter } from '../../src/adapters/fhir/index.js';
import { ignoreResizeObserverLoop } from './message-helpers.js';
import { MESSAGE_PATIENT, PATIENT_USER, messagingAdapter } from '../../stories/data/messages.js';

ignoreResizeObserverLoop();

const NOW = () => new Date(2024, 5, 15, 12);
const rows = (el: Element) => [...el.shadowRoot!.querySelectorAll('[part~="message"]')];

async function longThread(count: number) {
  const el = await mount<EngageMessageThread>(
    html`<engage-message-thread
      thread-id="story-long"
      .adapter=${messagingAdapter({ longThread: count })}
      .session=${{ patient: MESSAGE_PATIENT, user: PATIENT_USER.user, role: PATIENT_USER.role, now: NOW, locale: 'en-US' }}
    ></engage-message-thread>`,
  );
  await waitFor(() => el.shadowRoot?.querySelector('[part~="messages"], [part~="state"]:not([part~="loading"])'), 'thread content');
  return el;
}

describe('<engage-message-thread> long conversations', () => {
  for (const count of [10, 150, 199, 200, 250, 1000]) {
    it(`renders message rows for ${count} messages, the newest in view`, async function () {
      const el = await longThread(count);
      await waitFor(() => rows(el).length > 0, `rows of ${count} messages`);
      const shown = rows(el).length;
      expect(shown).to.be.greaterThan(0);
      // below the threshold every message is a row; above it only the visible ones
      if (count < el.virtualizeThreshold) expect(shown).to.equal(count);
      else expect(shown).to.be.lessThan(count);
      const newest = count % 3 === 1 ? `Message ${count}:` : `Glucose log ${count}:`;
      await waitFor(() => shadowText(el).includes(newest), `message ${count} in view`);
    });
  }
});

describe('<engage-message-thread> long conversations over FHIR', () => {
  /** Creates a conversation of `count` messages on the local FHIR server; returns its id. */
  async function fhirThread(fhirUrl: string, count: number): Promise<string> {
    const post = async (body: unknown, path = '') =>
      (await (await fetch(`${fhirUrl}/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify(body) })).json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const subject = { reference: PATIENT_USER.user.ref };
    const header = await post({ resourceType: 'Communication', status: 'in-progress', subject, topic: { text: `Long ${count}` }, recipient: [subject], sent: '2020-01-01T00:00:00Z' }, 'Communication');
    const start = Date.UTC(2020, 0, 1);
    await post({
      resourceType: 'Bundle',
      type: 'batch',
      entry: Array.from({ length: count }, (_, i) => ({
        request: { method: 'POST', url: 'Communication' },
        resource: {
          resourceType: 'Communication',
          status: 'completed',
          partOf: [{ reference: `Communication/${header.id}` }],
          subject,
          sender: i % 2 ? { reference: 'Practitioner/nurse', display: 'Nurse' } : subject,
          recipient: [i % 2 ? subject : { reference: 'Practitioner/nurse' }],
          sent: new Date(start + i * 3_600_000).toISOString(),
          payload: [{ contentString: `FHIR message ${i + 1}.` }],
        },
      })),
    });
    return header.id as string;
  }

  for (const count of [150, 250, 1000]) {
    it(`renders message rows for ${count} messages from the FHIR server, the newest in view`, async function () {
      const { fhirUrl } = await fhirEndpoints();
      const threadId = await fhirThread(fhirUrl, count);
      const el = await mount<EngageMessageThread>(
        html`<engage-message-thread
          thread-id=${threadId}
          .adapter=${createFhirAdapter({ baseUrl: fhirUrl })}
          .session=${{ patient: PATIENT_USER.user.ref, user: PATIENT_USER.user, role: PATIENT_USER.role, now: NOW, locale: 'en-US' }}
        ></engage-message-thread>`,
      );
      await waitFor(() => el.shadowRoot?.querySelector('[part~="messages"], [part~="state"]:not([part~="loading"])'), 'thread content');
      await waitFor(() => rows(el).length > 0, `rows of ${count} messages`);
      await waitFor(() => shadowText(el).includes(`FHIR message ${count}.`), `message ${count} in view`);
    });
  }
});
