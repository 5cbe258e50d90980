// Bundles the CLI after tsc (npm run build): dist/src/cli/main.js and map-worker.js are replaced by ESM bundles of
// themselves and everything they import from src/ (the lazily loaded commands as chunks beside them; npm packages stay
// imports). One file instead of ~120 modules: Node's ESM loader costs ~0.4 ms a module, a third of a one-shot plan's
// start-up. The rest of dist/ stays as tsc wrote it (benches and tests import it).
import { build } from 'esbuild';

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
  packages: 'external',
  // chunks beside main.js: import.meta.url keeps naming dist/src/cli/ (map-worker.js, the demo cluster)
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
