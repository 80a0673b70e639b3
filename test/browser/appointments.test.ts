/**
 * <engage-appointments> over the memory port, on the world of scheduling-world.ts: the
 * list, then the book flow (visit type → clinician → location) to the calendar grid,
 * whose open days are the clinic's calendar dates of the slots the backend holds.
 * More: appointments.booking, .proposals and .zones tests.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import '../../src/elements/appointments/appointments.js';
import type { EngageAppointments } from '../../src/elements/appointments/appointments.component.js';
import { MemorySchedulingPort } from '../../src/adapters/memory/scheduling.js';
import { settled, shadowText } from './helpers.js';
import { buildMemoryWorld, WORLD_NOW } from './scheduling-world.js';

describe('<engage-appointments>', () => {
  it('lists no visits, then walks the book flow to a calendar whose open days are the clinic dates of the free slots', async () => {
    const { options } = buildMemoryWorld();
    const port = new MemorySchedulingPort(options);
    const el = await mount<EngageAppointments>(
      html`<engage-appointments .adapter=${{ scheduling: port }} .session=${{ patient: 'Patient/ada', now: () => WORLD_NOW }}></engage-appointments>`,
    );
    await settled(el);
    expect(shadowText(el)).to.include('You have no visits coming up.');
    const click = async (text: string) => {
      [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.includes(text))!.click();
      await settled(el, 10);
    };
    await click('Book a visit');
    await click('Checkup');
    await click('Ana Lee');
    await click('Harbor Clinic');
    const grid = el.shadowRoot!.querySelector('[role="grid"]');
    expect(grid).to.not.equal(null);
    // Ana's free Boston checkups in scheduling-world.ts: slots 0 and 1 (Mar 12), 2 (Mar 15); 3 is busy
    const open = [...el.shadowRoot!.querySelectorAll('td.open')].map((td) => td.getAttribute('data-date'));
    expect(open).to.deep.equal(['2027-03-12', '2027-03-15']);
    expect(el.shadowRoot!.querySelectorAll('td[tabindex="0"]')).to.have.length(1);
  });
});
