// Bundles the CLI after tsc (npm run build): dist/src/cli/main.js and map-worker.js are replaced by ESM bundles of
// themselves and everything they import from src/ (the lazily loaded commands as chunks beside them; npm packages stay
// imports, but commander). One file instead of ~120 modules: Node's ESM loader costs ~0.4 ms a module, a third of a one-shot plan's
// start-up. The rest of dist/ stays as tsc wrote it (benches and tests import it).
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

// npm packages stay imports (loaded where used), but commander: every command needs it, and as a CommonJS package
// loaded from an ES module it costs ~10 ms of start-up, bundled ~1 ms
const { dependencies } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const external = Object.keys(dependencies).filter((d) => d !== 'commander');

const dir = new URL('../dist/src/cli/', import.meta.url).pathname;
await build({
  entryPoints: [`${dir}main.js`, `${dir}map-worker.js`],
  outdir: dir,
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  // chunks beside main.js: import.meta.url keeps naming dist/src/cli/ (map-worker.js, the demo cluster)
  chunkNames: 'chunk-[hash]',
  // commander is CommonJS: its require() of Node's built-in modules needs a require in each ES module
  banner: { js: "import { createRequire as loadshiftRequire } from 'node:module';\nconst require = loadshiftRequire(import.meta.url);" },
  logLevel: 'warning',
});
