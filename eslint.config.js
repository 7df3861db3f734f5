// Layer rules of docs/ARCHITECTURE.md, checked on every `npm test`:
// each folder may import only the layers drawn under it (VS Code's
// common/node/electron-main split, enforced the same way).
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nativeAndServer = ['better-sqlite3', 'serialport', '@serialport/*', 'node-hid', 'pg', '@electric-sql/pglite', 'fastify', '@fastify/*', 'pino', 'ws'];

const layer = (name, forbidden, message) => ({
  group: forbidden,
  message: `${name} may not import this (${message}); see docs/ARCHITECTURE.md`,
});

const electronOnly = layer('Only src/main/electron', ['electron', 'electron/*'], 'electron is imported in one folder only');
const noRenderer = layer('This layer', ['**/renderer/**', '**/renderer'], 'the renderer is a leaf');
const noPreload = layer('This layer', ['**/preload/**', '**/preload'], 'preload is a leaf');
const noHq = layer('This layer', ['**/hq/**', '**/hq'], 'HQ is a separate server; talk to it over HTTP through src/shared/hq-api');
const noBureau = layer('This layer', ['**/bureau/**', '**/bureau'], 'the credit bureau is a separate service; talk to it over HTTP through src/shared/bureau-api');
const noMain = layer('This layer', ['**/main/**', '**/main'], 'main is above this layer');
const noServerKit = layer('This layer', ['**/server-kit/**', '**/server-kit'], 'src/server-kit is Node server plumbing for src/hq and src/bureau only');
const noDevices = layer('This layer', ['**/devices/**', '**/devices'], 'devices sit below main only');
const noElectronFolder = layer('Kiosk core', ['**/electron/**', './electron', '../electron'], 'the core runs in plain Node; the Electron shell wraps it');

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'reports/**', 'test-results/**', 'playwright-report/**', '.data/**'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins,
        patterns: [electronOnly, noRenderer, noPreload, noHq, noBureau, noServerKit, noMain, noDevices, layer('src/shared', nativeAndServer, 'shared runs in the renderer too: no Node or native packages')],
      }],
    },
  },
  {
    files: ['src/devices/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronOnly, noRenderer, noPreload, noHq, noBureau, noServerKit, noMain] }] },
  },
  {
    files: ['src/main/**'],
    ignores: ['src/main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronOnly, noRenderer, noPreload, noHq, noBureau, noServerKit, noElectronFolder] }] },
  },
  {
    files: ['src/main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noRenderer, noPreload, noHq, noBureau, noServerKit] }] },
  },
  {
    files: ['src/preload/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noRenderer, noHq, noBureau, noServerKit, noMain, noDevices, layer('src/preload', nativeAndServer, 'preload exposes the bridge and nothing else')] }] },
  },
  {
    files: ['src/renderer/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins,
        patterns: [electronOnly, noPreload, noHq, noBureau, noServerKit, noMain, noDevices, layer('src/renderer', nativeAndServer, 'the renderer is untrusted and sees only src/shared')],
      }],
    },
  },
  {
    files: ['src/hq/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronOnly, noRenderer, noPreload, noMain, noDevices, noBureau] }] },
  },
  {
    // Node server plumbing shared by the reference services (store drivers, migrations runner, raw JSON bodies,
    // refusal mapping, housekeeping timer, listen and stop): src/shared, Node, fastify, pg, PGlite; never a service itself.
    files: ['src/server-kit/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronOnly, noRenderer, noPreload, noMain, noDevices, noHq, noBureau, noElectronFolder] }] },
  },
  {
    // The credit bureau, like HQ, is a separate service with its own store: shared contracts only (neither imports the other).
    files: ['src/bureau/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronOnly, noRenderer, noPreload, noMain, noDevices, noHq] }] },
  },
);
