/**
 * Story args are the API a host uses: each is an attribute or a property of the story's
 * element or of `<engage-provider>` in custom-elements.json (so `user-role`, never an
 * invented `role`), or one of the few args that only set up a story, which the controls
 * leave out. Read from the stories modules and the committed manifest, not from Storybook.
 */
import { expect } from '@open-wc/testing';
import { STORY_ONLY_ARGS } from '../../stories/decorators.js';
import * as summary from '../../stories/clinical-summary.stories.js';
import * as decisionAid from '../../stories/decision-aid.stories.js';
import * as immunizations from '../../stories/immunizations.stories.js';
import * as inbox from '../../stories/message-inbox.stories.js';
import * as thread from '../../stories/message-thread.stories.js';
import * as banner from '../../stories/patient-banner.stories.js';
import * as provider from '../../stories/provider.stories.js';
import * as queue from '../../stories/refill-queue.stories.js';
import * as refill from '../../stories/refill-request.stories.js';
import * as careReminders from '../../stories/care-reminders.stories.js';
import * as careGapWorklist from '../../stories/care-gap-worklist.stories.js';
import * as appointments from '../../stories/appointments.stories.js';
import * as appointmentQueue from '../../stories/appointment-queue.stories.js';
import * as portalHome from '../../stories/portal-home.stories.js';
import * as patientSwitcher from '../../stories/patient-switcher.stories.js';

interface Declaration {
  tagName?: string;
  attributes?: { name: string }[];
  members?: { name: string; kind: string }[];
}

const modules = { summary, decisionAid, immunizations, inbox, thread, banner, provider, queue, refill, careReminders, careGapWorklist, appointments, appointmentQueue, portalHome, patientSwitcher } as unknown as Record<
  string,
  { default: { component?: string; args?: object; argTypes?: object }; [story: string]: unknown }
>;

async function apiOf(): Promise<Map<string, Set<string>>> {
  const manifest = (await (await fetch('/custom-elements.json')).json()) as { modules: { declarations?: Declaration[] }[] };
  const api = new Map<string, Set<string>>();
  for (const declaration of manifest.modules.flatMap((m) => m.declarations ?? [])) {
    if (!declaration.tagName) continue;
    const names = [
      ...(declaration.attributes ?? []).map((a) => a.name),
      ...(declaration.members ?? []).filter((m) => m.kind === 'field').map((m) => m.name),
    ];
    api.set(declaration.tagName, new Set(names));
  }
  return api;
}

describe('story args name real attributes and properties', () => {
  it('every arg and arg type of every story is public API of its element or the provider', async () => {
    const api = await apiOf();
    const providerApi = api.get('engage-provider')!;
    expect(providerApi.has('user-role')).to.equal(true);
    let checked = 0;
    for (const [name, module] of Object.entries(modules)) {
      const meta = module.default;
      const own = api.get(meta.component ?? '');
      expect(own, `${name}: component ${meta.component} is in the manifest`).to.not.equal(undefined);
      const keys = new Set([...Object.keys(meta.args ?? {}), ...Object.keys(meta.argTypes ?? {})]);
      for (const [story, value] of Object.entries(module)) {
        if (story !== 'default' && value && typeof value === 'object') {
          for (const key of Object.keys((value as { args?: object }).args ?? {})) keys.add(key);
        }
      }
      for (const key of keys) {
        checked++;
        const known = own!.has(key) || providerApi.has(key) || STORY_ONLY_ARGS.test(key);
        expect(known, `${name}: arg "${key}" is an attribute or property`).to.equal(true);
      }
    }
    expect(checked).to.be.greaterThan(30);
  });
});
