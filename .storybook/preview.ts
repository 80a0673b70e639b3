import type { Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components';
import manifest from '../custom-elements.json';
import { STORY_ONLY_ARGS, withToolbarGlobals } from '../stories/decorators.js';

// docs (attributes, events, parts, CSS properties) come from the generated manifest
setCustomElementsManifest(manifest);

const preview: Preview = {
  decorators: [withToolbarGlobals],
  globalTypes: {
    theme: {
      description: 'Colour theme',
      toolbar: { title: 'Theme', icon: 'mirror', items: ['light', 'dark'], dynamicTitle: true },
    },
    locale: {
      description: 'Language',
      toolbar: { title: 'Language', icon: 'globe', items: [{ value: 'en', title: 'English' }, { value: 'es', title: 'Español' }], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'light', locale: 'en' },
  parameters: {
    layout: 'padded',
    // controls show the public API only, not the args that set up a story
    controls: { expanded: true, exclude: STORY_ONLY_ARGS },
  },
};

export default preview;
