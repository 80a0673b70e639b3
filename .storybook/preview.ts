import type { Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components';
import manifest from '../custom-elements.json';
import { withToolbarGlobals } from '../stories/decorators.js';

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
    // controls show the public API only: these args only set up a story (frame width,
    // a fresh adapter, scripted input), no element has them
    controls: { expanded: true, exclude: /^(width|makeAdapter|sendText|drive)$/ },
  },
};

export default preview;
