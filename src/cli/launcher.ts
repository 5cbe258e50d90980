#!/usr/bin/env node
/**
 * The CLI's entry point as built (`npm run build` writes it over dist/src/cli/main.js; scripts/bundle-cli.mjs): runs
 * the CLI bundled as one script (loadshift-bundle.js beside it) through V8 with the code cache the build recorded
 * (loadshift-bundle.js.cache): the bytecode of every function a plan runs, so a one-shot command neither parses the
 * bundle nor compiles those functions again. The cache is used only when it was recorded from this very bundle: the
 * bundle's first line names its build (the SHA-256 of the rest, written by the build) and the cache starts with that
 * line; V8 itself checks its version, its flags and the source's length, and compiles when they differ. A missing or
 * stale cache costs time, never behaviour.
 *
 * LOADSHIFT_RECORD_CODE_CACHE=1 (the build sets it for one run) writes the cache when the command exits.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const bundleUrl = new URL('./loadshift-bundle.js', import.meta.url);
const bundleFile = fileURLToPath(bundleUrl);
const cacheFile = `${bundleFile}.cache`;
const source = readFileSync(bundleFile, 'latin1'); // ASCII only (the build escapes the rest): one byte a character
// "// loadshift build <sha256>" (scripts/bundle-cli.mjs), and "\n": what a cache recorded from this bundle starts with
const build = Buffer.from(source.slice(0, source.indexOf('\n') + 1));

function recordedCache(): Buffer | undefined {
  try {
    const data = readFileSync(cacheFile);
    return data.subarray(0, build.length).equals(build) ? data.subarray(build.length) : undefined;
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
    writeFileSync(`${cacheFile}.tmp`, Buffer.concat([build, script.createCachedData()]));
    renameSync(`${cacheFile}.tmp`, cacheFile);
  });
}
type Bundle = (require: NodeJS.Require, url: string, importModule: (url: string) => Promise<unknown>) => void;
// import.meta.url inside the bundle: this file's, so map-worker.js and the demo cluster are found as before; the
// bundle's import() of a custom policy module: this file's (import-module.ts)
(script.runInThisContext() as Bundle)(createRequire(bundleUrl), import.meta.url, (url) => import(url));
