import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  // Vue must leave <engage-*> to the browser instead of resolving them as Vue components
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('engage-') } } })],
  logLevel: 'warn',
});
