/**
 * The code's dependency rules (`npm run deps`, part of `npm run lint`): see docs/ARCHITECTURE.md
 * "Modules". A broken rule fails CI.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Import cycles make load order and ownership unclear: cut the cycle.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'packages-stand-alone',
      severity: 'error',
      comment:
        'A workspace package (packages/*) is shared by the server and the web app: it imports neither, nor anything of the repository outside itself.',
      from: { path: '^packages/([^/]+)/' },
      to: { path: '^(?!packages/$1/|node_modules/)' },
    },
    {
      name: 'packages-without-runtime-dependencies',
      severity: 'error',
      comment:
        'packages/time works with Intl alone so the server and the browser load nothing more; only its tests and configs use dev dependencies (vitest, fast-check, temporal-polyfill).',
      from: { path: '^packages/[^/]+/src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^node_modules/' },
    },
    {
      name: 'platform-knows-no-module',
      severity: 'error',
      comment:
        'platform/ holds the registries and cross-cutting machinery; the app assembles modules (app.ts, modules.ts). Tests may build the whole app.',
      from: { path: '^server/src/platform/', pathNot: '\\.test\\.ts$' },
      to: { path: ['^server/src/modules/', '^server/src/(app|modules|main)\\.ts$', '^server/src/demo/'] },
    },
    {
      name: 'modules-meet-through-index',
      severity: 'error',
      comment: "A module uses another only through that module's index.ts.",
      from: { path: '^server/src/modules/([^/]+)/' },
      to: {
        path: '^server/src/modules/[^/]+/',
        pathNot: ['^server/src/modules/$1/', '^server/src/modules/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'sql-only-in-repositories',
      severity: 'error',
      comment:
        "A module's SQL lives in its repository files (repo.ts, *-repo.ts, migrations): services and routes call them.",
      from: {
        path: '^server/src/modules/',
        pathNot: [
          '(^|/)repo\\.ts$',
          '-repo\\.ts$',
          '/tables\\.ts$',
          '/migrations/',
          '\\.test\\.ts$',
          'test-fixture\\.ts$',
        ],
      },
      to: { path: ['^node_modules/kysely/', '^server/src/platform/db/tables\\.ts$'] },
    },
    {
      name: 'panels-share-through-ui-api-i18n',
      severity: 'error',
      comment:
        "A panel uses shared code only from ui/, api/ and i18n/ (and its own folder); the shell and sign-in are the app's frame, not a panel's toolbox.",
      from: { path: '^web/src/panels/([^/]+)/' },
      to: {
        path: '^web/src/',
        pathNot: ['^web/src/(ui|api|i18n)/', '^web/src/panels/$1/'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Declaration files of the repository are skipped; those of npm packages stay, since a typed
    // import resolves to them (the rule on packages' dependencies needs to see it).
    exclude: { path: ['^(?!node_modules/).*\\.d\\.ts$', '/dist/'] },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
