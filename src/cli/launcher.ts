#!/usr/bin/env node
/**
 * The CLI's entry point as built (`npm run build` writes it over dist/src/cli/main.js; scripts/bundle-cli.mjs): runs
 * the CLI bundled as one CommonJS script (loadshift-bundle.js beside it) through V8 with the code cache the build recorded
 * (loadshift-bundle.js.cache): the bytecode of every function a plan runs, so a one-shot command neither parses the bundle
 * nor compiles those functions again (~15 ms of a 1,000-OSD plan's ~350). The cache is used only when it was
 * recorded from this very bundle (its first 32 bytes are the bundle's SHA-256; V8 itself checks its version and
 * flags and falls back to compiling when they differ): a missing or stale cache costs time, never behaviour.
 *
 * LOADSHIFT_RECORD_CODE_CACHE=1 (the build sets it for one run) writes the cache when the command exits.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const bundleUrl = new URL('./loadshift-bundle.js', import.meta.url);
const bundleFile = fileURLToPath(bundleUrl);
const cacheFile = `${bundleFile}.cache`;
const source = readFileSync(bundleFile, 'utf8');
const digest = createHash('sha256').update(source).digest();

function recordedCache(): Buffer | undefined {
  try {
    const data = readFileSync(cacheFile);
    return data.subarray(0, digest.length).equals(digest) ? data.subarray(digest.length) : undefined;
  } catch {
    return undefined;
  }
}

// the wrapper keeps the bundle's first line the script's first line (stack traces name the bundle's lines)
const script = new Script(`(function (require, __loadshiftUrl, __loadshiftImport) {'use strict';${source}\n})`, {
  filename: bundleFile,
  cachedData: recordedCache(),
});
if (process.env.LOADSHIFT_RECORD_CODE_CACHE === '1') {
  process.once('exit', () => {
    writeFileSync(`${cacheFile}.tmp`, Buffer.concat([digest, script.createCachedData()]));
    renameSync(`${cacheFile}.tmp`, cacheFile);
  });
}
type Bundle = (require: NodeJS.Require, url: string, importModule: (url: string) => Promise<unknown>) => void;
// import.meta.url inside the bundle: this file's, so map-worker.js and the demo cluster are found as before; the
// bundle's import() of a custom policy module: this file's (import-module.ts)
(script.runInThisContext() as Bundle)(createRequire(bundleUrl), import.meta.url, (url) => import(url));
