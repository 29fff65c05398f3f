// Lint for the whole repository: the rules that need no types, the workflow sandbox rules among
// them. `npm run lint` runs it; `npm test` runs it beside vitest. The rules that need types
// (no-floating-promises …) run with the type check, in .oxlintrc.json (ADR 0018).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The src/ files that workflow code imports as values: pure contracts and rules. They run inside
// Temporal's workflow sandbox too, so they are held to the workflow rules and may import no other
// file as a value; a new value import from workflow code must be added here and so gets checked.
const workflowContracts = [
  'src/actions/bulk-job.ts',
  'src/campaigns/lifecycle-rules.ts',
  'src/pool-requests/pool-request-rules.ts',
  'src/temporal/contract/search-attributes.ts',
  'src/webhooks/delivery/delivery-failure-types.ts',
  'src/webhooks/delivery/delivery-pacing.ts',
  'src/webhooks/delivery/delivery-policy.ts',
];

// The same files as workflows/ import them (`../src/….js`), as one regular expression alternation.
const contractImports = workflowContracts.map((file) => file.replace(/\.ts$/, '\\.js')).join('|');

const sandboxMessage =
  'Workflow code runs in the deterministic Temporal sandbox: no Node built-ins or I/O (import types only).';

// Every package but these two: Node built-ins (`fs`, `node:fs`), pg, kysely, fastify, undici,
// @temporalio/client, worker, activity... do I/O or need Node. Their types may still be imported.
const sandboxPackages = {
  regex: '^(?!\\.|@temporalio/(workflow|common)(/|$))',
  allowTypeImports: true,
  message: sandboxMessage,
};

// Node's globals are missing from the sandbox; WeakRef and FinalizationRegistry are not deterministic.
const sandboxGlobals = [
  'process',
  'Buffer',
  'require',
  '__dirname',
  '__filename',
  'setImmediate',
  'fetch',
  'WeakRef',
  'FinalizationRegistry',
].map((name) => ({ name, message: 'Not available or not deterministic in the Temporal workflow sandbox.' }));

export default defineConfig(
  // What .gitignore leaves out, so files a test run writes beside the lint are never linted.
  {
    ignores: [
      'node_modules/',
      'dist/',
      '**/dist/',
      'coverage/',
      'test-results/',
      '.data/',
      '.tools/',
      '.artifacts/',
      '.scratch/',
    ],
  },
  // A disable comment that no longer suppresses anything fails too, so none outlives its reason.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // As in the Temporal samples: `any` stays allowed (Kysely migrations take `Kysely<any>` by design).
      '@typescript-eslint/no-explicit-any': 'off',
      // A `let` that a closure reads before its first assignment cannot become a `const`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: globals.node },
  },
  // Served to browsers as they are (the /partner-api page's request signing).
  {
    files: ['src/api/docs-page/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            sandboxPackages,
            {
              regex: `^\\.\\./(?!(${contractImports})$)`,
              allowTypeImports: true,
              message: `${sandboxMessage} Pure src/ files it may import are listed in eslint.config.js.`,
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...sandboxGlobals],
    },
  },
  {
    files: workflowContracts,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            sandboxPackages,
            {
              regex: '^\\.',
              allowTypeImports: true,
              message: `${sandboxMessage} A file this one needs as a value joins the list in eslint.config.js.`,
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...sandboxGlobals],
    },
  },
);
