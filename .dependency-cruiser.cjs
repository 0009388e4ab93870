/**
 * The layer rules of docs/ENGINEERING.md ("The map"): a folder imports only the layers
 * listed before it; tests and test-support/ may import anything. Plus: no cycles between
 * files, test support only in tests, the embedded reasoner only through its public module.
 */
const LAYERS = [
  ['core'],
  ['http'],
  ['search'],
  ['models'],
  ['tasks'],
  ['policies'],
  ['verifiers'],
  ['linearize'],
  ['training-data'],
  ['embedded'],
  ['solve'],
  ['eval'],
  ['viewer'],
  ['server', 'reward-server'],
  ['cli'],
];
const TESTS = '(\\.test\\.ts$|\\.case\\.ts$|/test-support/)';
const folders = (names) => `^src/(${names.join('|')})/`;

const layerRules = LAYERS.flatMap((layer, i) => layer.map((folder) => {
  // Not this folder's own layer peers, nor anything after it.
  const above = [...layer.filter((f) => f !== folder), ...LAYERS.slice(i + 1).flat()];
  return {
    name: `layer-${folder}`,
    comment: `${folder}/ may import only ${LAYERS.slice(0, i).flat().join(', ') || 'nothing'} (docs/ENGINEERING.md)`,
    severity: 'error',
    from: { path: `^src/${folder}/`, pathNot: TESTS },
    to: { path: `${folders(above)}|^src/index\\.ts$` },
  };
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'files import each other in a loop (a loop closed only by a lazy import() is allowed: it cannot make module initialisation order ambiguous, and lazy loading keeps heavy modules off the startup path)',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['dynamic-import'] } },
    },
    ...layerRules,
    {
      name: 'embedded-inside-out',
      comment: 'embedded/model < reasoner < training: the model knows no search, the search no training',
      severity: 'error',
      from: { path: '^src/embedded/(model|reasoner)/', pathNot: TESTS },
      to: { path: '^src/embedded/training/' },
    },
    {
      name: 'embedded-model-below-reasoner',
      comment: 'embedded/model must not import the reasoner',
      severity: 'error',
      from: { path: '^src/embedded/model/', pathNot: TESTS },
      to: { path: '^src/embedded/reasoner/' },
    },
    {
      name: 'embedded-through-its-index',
      comment: 'outside src/embedded/, import the embedded reasoner through its public modules: src/embedded/index.ts, or one part\'s index.ts (the CLI may load single files lazily)',
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/(embedded|cli)/|^src/index\\.ts$|${TESTS}` },
      to: { path: '^src/embedded/', pathNot: '^src/embedded/((model|reasoner|training)/)?index\\.ts$' },
    },
    {
      name: 'test-support-only-in-tests',
      comment: 'test helpers stay out of library code (and out of dist)',
      severity: 'error',
      from: { path: '^src/', pathNot: TESTS },
      to: { path: TESTS },
    },
  ],
  options: {
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
