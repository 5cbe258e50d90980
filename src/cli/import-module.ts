/** What launcher.ts passes the bundled CLI: its own import() (the bundle has none that works, see importModule). */
declare const __loadshiftImport: ((url: string) => Promise<unknown>) | undefined;

/**
 * import() of an operator's ES module (a custom policy) by file URL. In the built CLI the code runs from V8's code
 * cache (launcher.ts), where Node 20 gives an import() of the script itself no loader ("A dynamic import callback
 * was not specified"): there the launcher's import() does it.
 */
export function importModule(url: string): Promise<unknown> {
  return typeof __loadshiftImport === 'function' ? __loadshiftImport(url) : import(url);
}
