/** A WebAssembly module from its bytes in base64 (the committed *-wasm.ts files); null where the runtime refuses it. */
export function wasmModuleFromBase64(base64: string): WebAssembly.Module | null {
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    return null;
  }
}
