// Which way imports point (docs/architecture/overview.md). `npm run deps` checks it and `npm test`
// runs that check. One direction, top to bottom:
//
//   src/cli, src/runtime                     processes: wire everything together
//   src/api | src/temporal | src/observability   HTTP, Temporal client starters (temporal/client),
//                                            worker assembly (temporal/worker), schedules
//                                            (temporal/schedules), dev tooling (temporal/dev),
//                                            logging and metrics
//   activities/                              side effects, built over the ports they are given
//   src/<area>/ (the domain)                 owns its ports as plain types; pure rules and repositories
//   src/db, src/security, src/*.ts           schema, crypto, errors, ids, config, partner scope
//
//   workflows/ → src/temporal/contract/ (task queues, ids, search attributes), their message
//   definitions, activity interface types (type-only) and pure domain rules; nothing with I/O.
//
// No import cycles, counted with type-only imports, between files (here) or between folders
// (scripts/check-dependencies.mjs, which runs these rules: no two areas import each other).

const domain = '^src/(?!(cli|runtime|api|temporal|observability|db|security)/)[^/]+/';
const base = ['^src/(db|security)/', '^src/[^/]+\\.ts$'];
const contract = '^src/temporal/contract/';
const processes = '^src/(cli|runtime)/';
const adapters = ['^src/(api|observability)/', '^src/temporal/(?!contract/)'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes every file in it depend on every other; type-only imports count too.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'processes-are-the-top',
      severity: 'error',
      comment: 'Nothing below the entry points imports them.',
      from: { pathNot: processes },
      to: { path: processes },
    },
    {
      name: 'adapters-above-activities',
      severity: 'error',
      comment: 'Activities, the domain and the base never import the API, Temporal client code or logging.',
      from: { path: ['^activities/', domain, ...base, contract] },
      to: { path: adapters },
    },
    {
      name: 'activities-above-domain',
      severity: 'error',
      comment: 'The domain and the base never import activities or workflows; they own ports instead.',
      from: { path: [domain, ...base, contract] },
      to: { path: ['^activities/', '^workflows/'] },
    },
    {
      name: 'base-is-the-bottom',
      severity: 'error',
      comment: 'Schema, crypto, errors, ids and config import no domain area.',
      from: { path: [...base, contract] },
      to: { path: domain },
    },
    {
      name: 'workflows-import-a-contract',
      severity: 'error',
      comment: 'Workflow code is bundled and replayed: it sees the contract, pure rules and activity types only.',
      from: { path: '^workflows/' },
      to: {
        path: ['^src/(cli|runtime|api|observability|security)/', '^src/temporal/(?!contract/)', '^src/[^/]+\\.ts$'],
      },
    },
    {
      name: 'workflows-take-activity-types-only',
      severity: 'error',
      comment: 'proxyActivities<Activities>: the activities themselves run in the worker, never in the bundle.',
      from: { path: '^workflows/' },
      to: { path: '^activities/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'workflows-stay-deterministic',
      severity: 'error',
      comment: 'No Node built-ins, database, HTTP or Temporal client code reaches the workflow bundle at run time.',
      from: { path: '^workflows/' },
      to: {
        dependencyTypesNot: ['type-only'],
        path: ['^node_modules/(kysely|pg|fastify|@fastify|pino|@temporalio/(client|worker|activity|testing))/'],
      },
    },
    {
      name: 'workflows-take-base-types-only',
      comment: 'The schema and crypto reach workflows as types (Environment), never as code.',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: '^src/(db|security)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'workflows-no-node-builtins',
      severity: 'error',
      comment: 'Node built-ins are not deterministic and are not in the workflow sandbox.',
      from: { path: '^workflows/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: '^node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
