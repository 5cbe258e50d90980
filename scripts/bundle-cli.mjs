// Bundles the CLI after tsc (npm run build). The rest of dist/ stays as tsc wrote it (benches and tests import it).
// - dist/src/cli/loadshift-bundle.js: main.js and everything it imports from src/ (every command) as one script (a
//   function of require);
//   npm packages stay require()s, but commander (every command needs it: bundled ~1 ms, loaded ~10 ms);
// - dist/src/cli/main.js: replaced by the launcher (src/cli/launcher.ts) that runs loadshift-bundle.js with V8's code cache;
// - dist/src/cli/loadshift-bundle.js.cache: that cache, recorded from one plan of the bundled demo cluster;
// - dist/src/cli/map-worker.js: the mapping worker as one ES module.
// One script instead of ~120 modules (Node's ESM loader costs ~0.4 ms a module), and bytecode instead of parsing and
// compiling: a third of a one-shot plan's start-up.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('../', import.meta.url).pathname;
const { dependencies } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const external = Object.keys(dependencies).filter((d) => d !== 'commander');
const dir = `${root}dist/src/cli/`;

// chunks an earlier (code-splitting) build left
for (const f of readdirSync(dir)) if (/^chunk-[A-Z0-9]+\.js$/.test(f)) rmSync(dir + f);

// commander requires child_process when it loads, for executable subcommands (loadshift has none): ~3 ms of every
// start-up, child_process loading net, dgram and more. Inside commander it is required on first use instead.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "let m; module.exports = new Proxy({}, { get: (_t, k) => (m ??= require('node:child_process'))[k] });",
      loader: 'js',
    }));
  },
};
const common = { bundle: true, platform: 'node', target: 'node20', external, logLevel: 'warning', plugins: [lazyChildProcess] };
await build({
  ...common,
  entryPoints: [`${dir}main.js`],
  outfile: `${dir}loadshift-bundle.js`,
  format: 'iife',
  // the launcher passes main.js's URL: map-worker.js, the demo cluster and echarts are found from there as before
  define: { 'import.meta.url': '__loadshiftUrl' },
});
await build({ ...common, entryPoints: [`${dir}map-worker.js`], outfile: `${dir}map-worker.js`, allowOverwrite: true, format: 'esm' });

// the launcher runs the bundle inside a function: no #! line there; the first line names the build (launcher.ts)
// and ASCII only, so that V8 holds it as a one-byte string (esbuild escapes strings and regular expressions, not the
// comments it keeps: an escape there changes nothing, and inside a literal it means the same character)
const bundle = readFileSync(`${dir}loadshift-bundle.js`, 'utf8')
  .replace(/^#!.*\n/, '')
  .replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`); // UTF-16 units
const buildId = createHash('sha256').update(bundle).digest('hex');
writeFileSync(`${dir}loadshift-bundle.js`, `// loadshift build ${buildId}\n${bundle}`);
copyFileSync(`${dir}launcher.js`, `${dir}main.js`);

// the code cache: one plan of the demo cluster, the functions it ran compiled
rmSync(`${dir}loadshift-bundle.js.cache`, { force: true });
const demo = `${root}demo/cluster-12osd/`;
execFileSync(
  process.execPath,
  [`${dir}main.js`, 'plan', '--osdmap', `${demo}osd-dump.json`, '--crush', `${demo}osd-crush-dump.json`, '--format', 'script'],
  { env: { ...process.env, LOADSHIFT_RECORD_CODE_CACHE: '1' }, stdio: 'ignore' },
);
