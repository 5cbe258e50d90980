/**
 * Import boundaries of loadshift (checked by `npm run check:boundaries`, part of `npm run check` and `npm test`).
 * The folders are the design note's: core (pure) folders take plain data and return plain data; only the I/O
 * folders touch processes, sockets, clocks and files. Rules name folders, so a new file is checked without edits.
 */
const CORE = '^src/(crush|cluster|balance|policy|sim|gen)/';
const IO_FOLDERS = '^src/(cli|transport|daemon)/';
const NOT_CORE_FOLDERS = '^src/(ceph|transport|daemon|cli|report)/';
/** Node modules that spawn processes, open sockets or start threads. */
const PROCESS_OR_NET = '^(node:)?(child_process|net|http|https|http2|dgram|tls|worker_threads|cluster)$';

module.exports = {
  forbidden: [
    {
      name: 'core-no-node',
      comment: 'core folders are pure: no node:* module (take now/rng/data as arguments)',
      severity: 'error',
      from: { path: CORE },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-no-io-folders',
      comment: 'core folders import nothing from ceph/, transport/, daemon/, cli/ or report/',
      severity: 'error',
      from: { path: CORE },
      to: { path: NOT_CORE_FOLDERS },
    },
    {
      name: 'crush-knows-no-pools',
      comment: 'CRUSH knows nothing of pools, PGs, balancing or policies',
      severity: 'error',
      from: { path: '^src/crush/' },
      to: { path: '^src/(cluster|balance|policy|sim)/' },
    },
    {
      name: 'ceph-is-pure-translation',
      comment: 'src/ceph/ translates Ceph JSON and commands; it reads no files and runs nothing (I/O lives in cli/transport/daemon)',
      severity: 'error',
      from: { path: '^src/(ceph|report)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'only-io-folders-spawn-or-connect',
      comment: 'only cli/, transport/ and daemon/ spawn processes, open sockets or start threads',
      severity: 'error',
      from: { path: '^src/', pathNot: IO_FOLDERS },
      to: { path: PROCESS_OR_NET },
    },
    {
      name: 'nothing-imports-the-cli',
      comment: 'the CLI is the outermost layer: no other folder imports it',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-daemon-from-transport',
      comment: 'the transport is below the daemon',
      severity: 'error',
      from: { path: '^src/transport/' },
      to: { path: '^src/(daemon|report)/' },
    },
    {
      name: 'tests-use-sources',
      comment: 'tests import sources, not build output',
      severity: 'error',
      from: { path: '^test/' },
      to: { path: '^dist/' },
    },
    {
      name: 'no-circular',
      comment: 'no import cycles (type-only cycles are harmless: they vanish at run time)',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|test/fixtures|bench/.cache)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.test.json' },
  },
};
