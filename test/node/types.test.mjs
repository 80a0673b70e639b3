// Host code type-checks against the types the package ships (dist/, written by
// `npm run build`): React 19 JSX, Vue GlobalComponents, document/window listeners with a
// typed `detail`, the script-tag module's `loadElement`, and every class the manifest says
// a module exports. Host code with a mistake in it must fail to type-check.
//
// The host is a scratch project outside the repository whose node_modules/ehr-engage links
// to this package, so imports resolve through package.json `exports` as they do for a user.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve('.');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
let host;
/** tsc's report on one project holding the good and the bad host files (one run: it is slow). */
let checked;

const tsconfig = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'bundler',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    jsx: 'react-jsx',
    strict: true,
    noEmit: true,
    // the host's own code is checked; the package's .d.ts must also compile
    skipLibCheck: false,
    types: [],
  },
};

/** A host file that must type-check. */
const good = {
  'dom.ts': `
    import type { MessageSentDetail } from 'ehr-engage';
    document.addEventListener('engage-message-sent', (event) => {
      const detail: MessageSentDetail = event.detail;
      const id: string = event.detail.message.id;
      console.log(detail, id);
    });
    window.addEventListener('engage-refill-sent', (event) => console.log(event.detail.requests.length));
    document.body.addEventListener('engage-patient-load', (event) => console.log(event.detail.patient));
    const thread = document.createElement('engage-message-thread');
    thread.threadId = 'thread-1';
    thread.addEventListener('engage-message-send', (event) => console.log(event.detail.draft, event.cancelable));
  `,
  'script-tag.ts': `
    import { loadElement, createMemoryAdapter } from 'ehr-engage/ehr-engage.js';
    const ready: Promise<void> = loadElement('engage-message-thread');
    void ready.then(() => {
      const provider = document.querySelector('engage-provider');
      if (provider) provider.adapter = createMemoryAdapter();
    });
  `,
  'react.tsx': `
    import type {} from 'ehr-engage/react';
    import reactModule from 'ehr-engage/react';
    import { createMemoryAdapter } from 'ehr-engage/adapters/memory';
    import type { MessageSentDetail, RefillSubmitDetail } from 'ehr-engage';
    import { useRef } from 'react';

    export function App(props: { onSent: (detail: MessageSentDetail) => void }) {
      const adapter = createMemoryAdapter();
      const thread = useRef<HTMLElementTagNameMap['engage-message-thread']>(null);
      return (
        <engage-provider adapter={adapter} patient="Patient/1" user-role="clinician" theme="dark" locale="es" className="ehr">
          <engage-patient-banner heading-level={2} />
          <engage-message-thread
            ref={thread}
            threadId="thread-1"
            poll-interval={5000}
            onengage-message-sent={(event) => props.onSent(event.detail)}
            onengage-message-sendCapture={(event) => event.detail.draft}
          >
            <p slot="empty">No messages yet</p>
          </engage-message-thread>
          <engage-refill-request
            name="refill"
            required
            onchange={(event) => console.log(event.type)}
            onengage-refill-submit={(event) => {
              const detail: RefillSubmitDetail = event.detail;
              console.log(detail, reactModule);
            }}
          />
        </engage-provider>
      );
    }
  `,
  'vue-types.ts': `
    import type {} from 'ehr-engage/vue';
    import vueModule from 'ehr-engage/vue';
    import type { GlobalComponents } from 'vue';
    import { createMemoryAdapter } from 'ehr-engage/adapters/memory';
    type Thread = InstanceType<GlobalComponents['engage-message-thread']>;
    const props: Thread['$props'] = { threadId: 'thread-1', adapter: createMemoryAdapter(), pollInterval: 5000 };
    const provider: InstanceType<GlobalComponents['engage-provider']>['$props'] = { userRole: 'caregiver', theme: 'auto' };
    declare const thread: Thread;
    thread.$emit('engage-message-sent', new CustomEvent('engage-message-sent', { detail: { message: {} as never } }));
    console.log(props, provider, vueModule);
  `,
};

/** Host files with one mistake each, and the error tsc must report for it. */
const bad = {
  'bad-dom.ts': [`document.addEventListener('engage-message-sent', (event) => event.detail.nosuch);`, /Property 'nosuch' does not exist on type 'MessageSentDetail'/],
  'bad-react-event.tsx': [
    `import type {} from 'ehr-engage/react';\nexport const a = <engage-message-thread onengage-message-sent={(event) => event.detail.nosuch} />;`,
    /Property 'nosuch' does not exist on type 'MessageSentDetail'/,
  ],
  'bad-react-prop.tsx': [`import type {} from 'ehr-engage/react';\nexport const a = <engage-provider theme="purple" />;`, /Type '"purple"' is not assignable/],
  'bad-loader.ts': [`import { loadElement } from 'ehr-engage/ehr-engage.js';\nconst n: number = loadElement('engage-provider');`, /Type 'Promise<void>' is not assignable to type 'number'/],
  'bad-vue.ts': [
    `import type {} from 'ehr-engage/vue';\nimport type { GlobalComponents } from 'vue';\nexport const p: InstanceType<GlobalComponents['engage-provider']>['$props'] = { userRole: 'admin' };`,
    /Type '"admin"' is not assignable/,
  ],
};

/** A Vue single-file component as a host writes it, and one with three mistakes (vue-tsc). */
const vue = {
  'App.vue': `<script setup lang="ts">
import type {} from 'ehr-engage/vue';
import { createMemoryAdapter } from 'ehr-engage/adapters/memory';
import type { MessageSentDetail } from 'ehr-engage';
const adapter = createMemoryAdapter();
function sent(event: CustomEvent<MessageSentDetail>): void {
  console.log(event.detail.message.id);
}
</script>

<template>
  <engage-provider :adapter="adapter" user-role="clinician" theme="dark">
    <engage-message-thread thread-id="t1" :poll-interval="5000" @engage-message-sent="sent" />
    <engage-patient-banner @engage-patient-load="(e) => console.log(e.detail.patient)" />
  </engage-provider>
</template>
`,
  'Bad.vue': `<script setup lang="ts">
import type {} from 'ehr-engage/vue';
</script>

<template>
  <engage-provider user-role="admin" theme="purple">
    <engage-patient-banner @engage-patient-load="(e) => console.log(e.detail.nosuch)" />
  </engage-provider>
</template>
`,
};

/** Every class a manifest module exports, imported from the package path of that module. */
function manifestImports() {
  const specifier = (path) =>
    path === 'dist/index.js' ? 'ehr-engage' : path === 'dist/provider.js' ? 'ehr-engage/provider.js' : `ehr-engage/${path.replace(/^dist\//, '')}`;
  const lines = [];
  let n = 0;
  for (const module of manifest.modules) {
    for (const exported of module.exports ?? []) {
      if (exported.kind !== 'js') continue;
      lines.push(`import { ${exported.name} as C${n} } from '${specifier(module.path)}';`, `export const c${n} = C${n};`);
      n++;
    }
  }
  return { text: lines.join('\n'), count: n };
}

function typeCheck(command, project) {
  return new Promise((resolvePromise) => {
    execFile(bin(command), ['-p', project], { cwd: host, maxBuffer: 1 << 24 }, (error, stdout, stderr) =>
      resolvePromise({ code: error ? error.code : 0, output: `${stdout}${stderr}` }),
    );
  });
}

function project(name, files) {
  const dir = join(host, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...tsconfig, include: ['*.ts', '*.tsx', '*.vue'] }));
  return join(dir, 'tsconfig.json');
}

before(async () => {
  for (const file of ['dist/types/react.d.ts', 'dist/types/vue.d.ts', 'dist/types/ehr-engage.d.ts', 'dist/react.js']) {
    assert.ok(existsSync(file), `${file} exists (run npm run build first)`);
  }
  host = mkdtempSync(join(tmpdir(), 'ehr-engage-types-'));
  const link = (name, target) => {
    mkdirSync(dirname(join(host, 'node_modules', name)), { recursive: true });
    symlinkSync(target, join(host, 'node_modules', name));
  };
  link('ehr-engage', root);
  for (const dependency of ['@types/react', 'react', 'vue']) link(dependency, join(root, 'node_modules', dependency));
  const imports = manifestImports();
  const files = { ...good, 'manifest-exports.ts': imports.text };
  for (const [file, [text]] of Object.entries(bad)) files[file] = text;
  const [ts, sfc] = await Promise.all([typeCheck('tsc', project('host', files)), typeCheck('vue-tsc', project('vue', vue))]);
  checked = { ...ts, imports, vue: sfc };
});

after(() => rmSync(host, { recursive: true, force: true }));

/** tsc's error lines for one host file. */
const errorsIn = (file) => checked.output.split('\n').filter((line) => line.startsWith(`host/${file}(`));

test('host code type-checks: JSX props and event props, Vue components, document listeners, loadElement, every manifest export', () => {
  assert.ok(checked.imports.count >= 9, 'the manifest names the element classes and EngageElement');
  for (const file of [...Object.keys(good), 'manifest-exports.ts']) assert.deepEqual(errorsIn(file), [], file);
  // nothing else is reported either (the package's own .d.ts files are checked too: no skipLibCheck)
  const unexpected = checked.output.split('\n').filter((line) => /error TS/.test(line) && !Object.keys(bad).some((f) => line.startsWith(`host/${f}(`)));
  assert.deepEqual(unexpected, []);
});

test('host code with a wrong detail field, prop value or return type fails to type-check', () => {
  assert.notEqual(checked.code, 0);
  for (const [file, [, error]] of Object.entries(bad)) {
    const lines = errorsIn(file);
    assert.equal(lines.length, 1, `${file}: exactly its one mistake is reported\n${checked.output}`);
    assert.match(lines[0], error, file);
  }
});

test('Vue templates type-check their props and @engage-… listeners with vue-tsc', () => {
  const errors = checked.vue.output.split('\n').filter((line) => /error TS/.test(line));
  assert.deepEqual(errors.filter((line) => !line.startsWith('vue/Bad.vue(')), [], 'App.vue is clean');
  assert.equal(errors.length, 3, checked.vue.output);
  assert.match(errors[0], /Type '"admin"' is not assignable to type 'Role \| undefined'/);
  assert.match(errors[1], /Type '"purple"' is not assignable/);
  assert.match(errors[2], /Property 'nosuch' does not exist on type 'PatientLoadDetail'/);
});

test('every module path of the manifest is a file the build wrote', () => {
  for (const module of manifest.modules) assert.ok(existsSync(module.path), module.path);
});

test('the plain JS modules behind the type-only exports import without error and are empty', async () => {
  for (const name of ['react', 'vue']) {
    const module = await import(join(root, 'dist', `${name}.js`));
    assert.deepEqual(Object.keys(module), ['default']);
    assert.deepEqual(module.default, {});
  }
});

test('editor data lists every element with its attributes, events, slots and parts', () => {
  const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement && d.tagName);
  const vscode = JSON.parse(readFileSync('dist/vscode.html-custom-data.json', 'utf8'));
  const jetbrains = JSON.parse(readFileSync('dist/web-types.json', 'utf8'));
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  assert.equal(pkg['web-types'], './dist/web-types.json');
  assert.equal(pkg.exports['./web-types.json'], './dist/web-types.json');
  assert.equal(pkg.exports['./vscode.html-custom-data.json'], './dist/vscode.html-custom-data.json');
  assert.equal(vscode.tags.length, elements.length);
  assert.equal(jetbrains.contributions.html.elements.length, elements.length);
  for (const element of elements) {
    const tag = vscode.tags.find((t) => t.name === element.tagName);
    assert.deepEqual(tag.attributes.map((a) => a.name).sort(), element.attributes.map((a) => a.name).sort());
    const web = jetbrains.contributions.html.elements.find((e) => e.name === element.tagName);
    assert.deepEqual(web.js.events.map((e) => e.name), (element.events ?? []).map((e) => e.name));
    assert.equal(web.css.parts.length, (element.cssParts ?? []).length);
    assert.equal(web.slots.length, (element.slots ?? []).length);
  }
  // the provider's theme attribute offers its three values
  const theme = vscode.tags.find((t) => t.name === 'engage-provider').attributes.find((a) => a.name === 'theme');
  assert.deepEqual(theme.values.map((v) => v.name), ['light', 'dark', 'auto']);
});
