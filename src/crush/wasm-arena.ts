/**
 * Byte offsets handed out one after another in a WebAssembly module's memory (from __heap_base or any later point),
 * each aligned; grow() then makes the memory large enough for all of them. The layout of every call into the C
 * modules (crush-firstn-instance.ts, balance/flow-wasm-memory.ts).
 */
export class WasmArena {
  constructor(
    private readonly memory: WebAssembly.Memory,
    private at: number,
    private readonly align = 8,
  ) {}

  /** The offset of `bytes` more (none when negative), aligned to `align`. */
  take(bytes: number, align = this.align): number {
    this.at = Math.ceil(this.at / align) * align;
    const p = this.at;
    this.at += Math.max(bytes, 0);
    return p;
  }

  /** Grows the memory (64 KiB pages) to hold everything taken; returns its buffer, new if it grew. */
  grow(): ArrayBuffer {
    const need = Math.ceil(this.at / 0x10000) - this.memory.buffer.byteLength / 0x10000;
    if (need > 0) this.memory.grow(need);
    return this.memory.buffer;
  }
}
