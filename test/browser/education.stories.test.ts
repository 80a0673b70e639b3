import { expect } from '@open-wc/testing';
import * as stories from '../../stories/education.stories.js';
import { mountFrame, waitFor } from './helpers.js';
import { axeEveryStory, type StoryModule } from './stories-axe.js';

axeEveryStory(stories as unknown as StoryModule);

describe('education stories: states they promise', () => {
  it('AssignWithPdf shows the chosen PDF with its Remove button', async () => {
    const args = { ...stories.default.args, ...stories.AssignWithPdf.args };
    const frame = mountFrame(stories.AssignWithPdf.render!(args as never, {} as never));
    const el = await waitFor(() => frame.querySelector('engage-education'), 'the element');
    const chosen = await waitFor(() => el.shadowRoot?.querySelector('[part="pdf-chosen"]'), 'the chosen PDF');
    expect(chosen.textContent).to.contain('inhaler-steps.pdf');
    expect(chosen.querySelector('[part="remove-pdf-button"]')).to.exist;
  });

  it('Patient shows the uploaded PDF with an Open PDF link', async () => {
    const args = { ...stories.default.args, ...stories.Patient.args };
    const frame = mountFrame((stories.Patient.render ?? stories.default.render)!(args as never, {} as never));
    const el = await waitFor(() => frame.querySelector('engage-education'), 'the element');
    const open = await waitFor(() => el.shadowRoot?.querySelector<HTMLAnchorElement>('[part~="open-pdf"]'), 'Open PDF');
    expect(open.protocol).to.equal('blob:');
  });
});
