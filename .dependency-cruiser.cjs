// Candor's module boundaries, checked by dependency-cruiser (ADR 0136; the layers in ARCHITECTURE.md).
// `npm run deps` fails on any violation not listed in .dependency-cruiser-known-violations.json;
// `npm run deps:baseline` rewrites that list (only ever to shrink it); `npm run deps:graph` draws the modules.

/** The layers, lowest first: each folder of src/ may import only the folders before it (and itself). */
const LAYERS = [
  'platform',
  'states',
  'eligibility',
  'web',
  'audit',
  'accounts',
  'capabilities',
  'plan-years',
  'catalog',
  'notices',
  'enrollment',
  'hub',
  'billing',
  'payments',
  'carriers',
  'renewal',
  'tax-forms',
  'home',
  'app',
  'cli',
];
/** Folders of src/ that are not domain modules; every other folder is one. */
const FOUNDATION = ['platform', 'states', 'eligibility', 'web', 'app', 'cli'];
const DOMAIN = `^src/(?!(${FOUNDATION.join('|')})/)[^/]+/`;
/** The command-line argument helpers every module's commands use: part of the module contract. */
const CONTRACT_HELPERS = '^src/cli/args\\.ts$';
/** Stand-ins for outside systems and test helpers (ADR 0095): loaded only when started, never imported statically. */
const STAND_INS = ['/standin/', '/testing/', '/testing\\.ts$', '/stand-in-[^/]+\\.ts$', '-standin\\.ts$'];
const TYPES_ONLY = ['type-only', 'type-import'];

const upward = LAYERS.map((layer, i) => ({
  name: `${layer}-imports-nothing-above`,
  comment: `Dependencies point one way, down the layers in ARCHITECTURE.md: ${layer} may import only ${LAYERS.slice(0, i).join(', ') || 'nothing of src/'}.`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${LAYERS.slice(i + 1).join('|')})/`, pathNot: CONTRACT_HELPERS },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle that runs (type-only imports aside): load order then decides what is undefined.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: TYPES_ONLY } },
    },
    ...upward,
    {
      name: 'module-not-in-layers',
      comment: 'Every folder of src/ has its place in LAYERS in .dependency-cruiser.cjs and in ARCHITECTURE.md.',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: `^src/(${LAYERS.join('|')})/` },
      to: {},
    },
    {
      name: 'module-entry-only',
      comment: 'Another module is used only through its entry, src/<module>/index.ts (app/ may also take its module.ts).',
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: '^src/app/' },
      to: { path: DOMAIN, pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'app-takes-modules-by-entry',
      comment: 'app/ assembles each module from its module.ts(x) and notice types (notices.tsx), and uses it otherwise through its index.ts.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: DOMAIN, pathNot: '^src/[^/]+/(index\\.ts|module\\.tsx?|notices\\.tsx?)$' },
    },
    {
      name: 'no-foreign-schema',
      comment: "A module's tables are its own: nothing outside it imports its schema.ts.",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/schema\\.ts$', pathNot: '^src/$1/' },
    },
    {
      name: 'no-static-stand-in',
      comment: 'Production code never imports a stand-in or a test helper statically (ADR 0095): only its types, or a dynamic import where it is started.',
      severity: 'error',
      from: { path: '^src/', pathNot: STAND_INS },
      to: { path: STAND_INS, dependencyTypesNot: ['dynamic-import', ...TYPES_ONLY] },
    },
  ],
  options: {
    // Tests may reach into any module to set up what they check; the rules are about the product's code.
    exclude: { path: ['\\.test\\.tsx?$', '^node_modules/'] },
    includeOnly: '^src/',
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
    reporterOptions: {
      dot: { collapsePattern: '^src/[^/]+' },
      archi: { collapsePattern: '^src/[^/]+' },
    },
  },
};
