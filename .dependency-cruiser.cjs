/**
 * The project's layering, checked by `npm run lint:deps` (dependency-cruiser over apps/ and libs/).
 * Bottom layer: libs/config, libs/contracts, libs/matching. Above them libs/database, then libs/domain,
 * then the apps. scripts/check-boundaries.ts checks the two rules that imports cannot show
 * (who reads process.env, who defines TypeORM entities).
 */
const NPM_PACKAGE = '(^|/)node_modules/';
/** Files of libs/matching that only tests use: they may use dev dependencies such as fast-check. */
const MATCHING_TEST_CODE = ['\\.spec\\.ts$', '^libs/matching/src/testing/', '^libs/matching/bench/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle makes load order decide what is undefined at run time (type-only imports vanish at run time).',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-app-to-app',
      comment: 'Apps are deployed separately; what two apps share belongs in a lib.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-lib-to-app',
      comment: 'Libs are used by every app, so they cannot depend on one.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'matching-is-self-contained',
      comment: 'The solver is a pure library with its own CLI build: nothing else of the project.',
      severity: 'error',
      from: { path: '^libs/matching/' },
      to: { pathNot: ['^libs/matching/', NPM_PACKAGE], dependencyTypesNot: ['core'] },
    },
    {
      name: 'matching-uses-no-npm-package',
      comment: 'The solver runs on node built-ins alone; only its tests may use dev dependencies.',
      severity: 'error',
      from: { path: '^libs/matching/', pathNot: MATCHING_TEST_CODE },
      to: { path: NPM_PACKAGE },
    },
    {
      name: 'contracts-are-self-contained',
      comment: 'The contracts are shared with a browser app: no npm package, node built-in or other project code.',
      severity: 'error',
      from: { path: '^libs/contracts/' },
      to: { pathNot: '^libs/contracts/' },
    },
    {
      name: 'web-uses-contracts-only',
      comment: 'The browser app shares the contracts with the server and nothing else of it.',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: '^libs/', pathNot: '^libs/contracts/' },
    },
    {
      name: 'config-is-bottom-layer',
      comment: 'libs/database and libs/domain read their settings from libs/config, not the other way round.',
      severity: 'error',
      from: { path: '^libs/config/' },
      to: { path: '^libs/(database|domain)/' },
    },
    {
      name: 'database-below-domain',
      comment: 'The domain services use the entities, not the other way round.',
      severity: 'error',
      from: { path: '^libs/database/' },
      to: { path: '^libs/domain/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve is a typo, a missing path alias or an undeclared package.',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // node_modules is not followed but stays in the graph: excluding it would hide the npm imports
    // that the matching and contracts rules forbid.
    doNotFollow: { path: NPM_PACKAGE },
    // apps/api/public is the web app's build output (apps/web is cruised from its sources); the web app's build
    // config is tooling, run by Vite, not code of the app.
    exclude: { path: ['(^|/)dist/', '^apps/api/public/', '^apps/web/vite\\.config\\.mts$'] },
    // Type-only imports are erased by tsc but still couple modules, and the contracts rule is about them too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
