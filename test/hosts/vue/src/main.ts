/**
 * A Vue 3 host that loads only what it shows: the provider and two elements, each from
 * its own entry, and the package's GlobalComponents types pulled in once.
 */
import 'ehr-engage/provider.js';
import 'ehr-engage/elements/patient-banner.js';
import 'ehr-engage/elements/message-thread.js';
import type {} from 'ehr-engage/vue';
import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#app');
