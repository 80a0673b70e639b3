/**
 * Custom Elements Manifest: generated from the elements' JSDoc into
 * custom-elements.json (committed). It is the public API contract: Storybook's docs and
 * controls, editors (VS Code, JetBrains) and the React/Vue type declarations
 * (scripts/generate-host-types.mjs) all read it, so the plugins below make it describe
 * the package a host installs, not the sources:
 * - every event carries its `detail` type (from the element's global event map entry);
 * - only public members are listed (no private, protected, `#` or `_` names);
 * - every design token is documented on `<engage-provider>` with its light default;
 * - each `define()` call is a `custom-element-definition` export;
 * - module paths are the shipped entries (`dist/elements/<name>.js`, `dist/provider.js`,
 *   `dist/index.js`), which is where a host imports each class from.
 * test/node/manifest.test.mjs checks all of this against the sources and fails when the
 * committed file is stale.
 */
export default {
  // the elements, what they inherit, where they are registered, and the design tokens
  globs: [
    'src/elements/*/*.ts',
    'src/core/engage-element.ts',
    'src/core/provider.component.ts',
    'src/core/provider.ts',
    'src/core/tokens.ts',
  ],
  exclude: ['src/**/*.styles.ts', 'src/**/*.es.ts'],
  // the staleness test writes a fresh copy elsewhere to compare
  outdir: process.env.CEM_OUTDIR ?? '.',
  litelement: true,
  dependencies: false,
  packagejson: false,
  plugins: [typedEvents(), designTokens(), definitions(), publicApiOnly(), shippedPaths()],
};

/** Text of a string literal node, else undefined. */
function literal(ts, node) {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

/**
 * `declare global { interface GlobalEventHandlersEventMap { 'engage-x': CustomEvent<D> } }`
 * is the one typed declaration of an event; copy its type onto the `@fires` entry.
 */
function typedEvents() {
  const types = new Map(); // module path -> event name -> type text
  return {
    name: 'typed-events',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isInterfaceDeclaration(node) || node.name.text !== 'GlobalEventHandlersEventMap') return;
      const events = types.get(moduleDoc.path) ?? new Map();
      for (const member of node.members) {
        const name = member.name && literal(ts, member.name);
        if (name && member.type) events.set(name, member.type.getText());
      }
      types.set(moduleDoc.path, events);
    },
    moduleLinkPhase({ moduleDoc }) {
      const events = types.get(moduleDoc.path);
      for (const declaration of moduleDoc.declarations ?? []) {
        for (const event of declaration.events ?? []) {
          const type = events?.get(event.name);
          if (type) event.type = { text: type };
        }
      }
    },
  };
}

/** Each entry of `TOKENS` in src/core/tokens.ts with its JSDoc and light value. */
function designTokens() {
  const tokens = [];
  return {
    name: 'design-tokens',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!moduleDoc.path.endsWith('core/tokens.ts')) return;
      if (!ts.isVariableDeclaration(node) || node.name.getText() !== 'TOKENS') return;
      let object = node.initializer;
      while (object && ts.isAsExpression(object)) object = object.expression;
      for (const property of object.properties) {
        const name = literal(ts, property.name) ?? property.name.getText();
        const light = literal(ts, property.initializer.elements[0]);
        const description = (property.jsDoc ?? []).map((doc) => ts.getTextOfJSDocComment(doc.comment)).join(' ').trim();
        tokens.push({ name: `--engage-${name}`, description, default: light });
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      const classes = customElementsManifest.modules.flatMap((m) => m.declarations ?? []);
      for (const declaration of classes.filter((d) => d.customElement)) {
        const props = (declaration.cssProperties ??= []);
        for (const prop of props) prop.default ??= tokens.find((t) => t.name === prop.name)?.default;
        // the provider sets every token (light and dark themes), so that is where they are documented
        if (declaration.tagName !== 'engage-provider') continue;
        for (const token of tokens) {
          const own = props.find((p) => p.name === token.name);
          if (own) own.description ||= token.description;
          else props.push({ ...token });
        }
      }
    },
  };
}

/** `define('engage-x', Class)` (src/core/define.ts) registers a tag: record it as an export. */
function definitions() {
  return {
    name: 'define-exports',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || node.expression.getText() !== 'define') return;
      const tag = literal(ts, node.arguments[0]);
      const klass = node.arguments[1];
      if (!tag || !klass || !ts.isIdentifier(klass)) return;
      (moduleDoc.exports ??= []).push({
        kind: 'custom-element-definition',
        name: tag,
        declaration: { name: klass.text, module: moduleDoc.path },
      });
    },
  };
}

/**
 * Members a host may use: public, not `#`/`_`-named; not Lit's static `styles` nor the
 * lifecycle callbacks and `formAssociated` flag that only the browser uses.
 */
function publicApiOnly() {
  const isPublic = (member) =>
    (member.privacy ?? 'public') === 'public' &&
    !/^[#_]/.test(member.name) &&
    !/Callback$/.test(member.name) &&
    !(member.static && ['styles', 'formAssociated'].includes(member.name));
  return {
    name: 'public-api-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const declaration of customElementsManifest.modules.flatMap((m) => m.declarations ?? [])) {
        if (declaration.members) declaration.members = declaration.members.filter(isPublic);
      }
    },
  };
}

/**
 * Rewrites the modules to the package's entry points. An element's class is declared in
 * the module that registers it (`dist/elements/<name>.js`, `dist/provider.js`, which also
 * export the class); `EngageElement`, the base for a host's own elements, in
 * `dist/index.js`, which also registers every tag. Helpers and internal base classes are
 * not public: references to them keep their name but no module.
 */
function shippedPaths() {
  const distPath = (path) => {
    const element = /^src\/elements\/([\w-]+)\/\1\.ts$/.exec(path);
    if (element) return `dist/elements/${element[1]}.js`;
    if (path === 'src/core/provider.ts') return 'dist/provider.js';
    return undefined;
  };
  return {
    name: 'shipped-paths',
    packageLinkPhase({ customElementsManifest }) {
      const source = customElementsManifest.modules;
      const classes = new Map(source.flatMap((m) => m.declarations ?? []).filter((d) => d.kind === 'class').map((d) => [d.name, d]));
      const home = new Map(); // class name -> shipped module path
      const modules = [];
      const index = { kind: 'javascript-module', path: 'dist/index.js', declarations: [], exports: [] };
      for (const module of source) {
        const path = distPath(module.path);
        const defined = (module.exports ?? []).filter((e) => e.kind === 'custom-element-definition');
        if (!path || defined.length === 0) continue;
        const declarations = defined.map((d) => classes.get(d.declaration.name));
        for (const declaration of declarations) home.set(declaration.name, path);
        modules.push({
          kind: 'javascript-module',
          path,
          declarations,
          exports: declarations.flatMap((declaration) => [
            { kind: 'js', name: declaration.name, declaration: { name: declaration.name, module: path } },
            ...defined
              .filter((d) => d.declaration.name === declaration.name)
              .map((d) => ({ kind: 'custom-element-definition', name: d.name, declaration: { name: declaration.name, module: path } })),
          ]),
        });
      }
      // files are read in directory order, which differs between machines: sort the
      // modules so the committed manifest does not change with the checkout
      modules.sort((a, b) => a.path.localeCompare(b.path));
      const base = classes.get('EngageElement');
      index.declarations.push(base);
      home.set(base.name, index.path);
      index.exports.push({ kind: 'js', name: base.name, declaration: { name: base.name, module: index.path } });
      for (const module of modules) {
        for (const exported of module.exports) index.exports.push({ ...exported, declaration: { ...exported.declaration } });
      }
      const reference = (ref) => {
        if (!ref || ref.package) return ref;
        const moved = { ...ref };
        delete moved.module;
        if (home.has(ref.name)) moved.module = home.get(ref.name);
        return moved;
      };
      const all = [index, ...modules];
      for (const declaration of all.flatMap((m) => m.declarations)) {
        declaration.superclass = reference(declaration.superclass);
        for (const key of ['members', 'attributes', 'events', 'slots', 'cssParts', 'cssProperties']) {
          for (const item of declaration[key] ?? []) if (item.inheritedFrom) item.inheritedFrom = reference(item.inheritedFrom);
        }
      }
      customElementsManifest.modules = all;
    },
  };
}
