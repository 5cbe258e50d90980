/**
 * The WebAssembly module behind straw2-simd.ts, assembled here byte by byte (no toolchain). One exported function,
 *
 *   hash(x, r, ids, n, out)
 *
 * writes crush_hash32_rjenkins1_3(x, id, r) of the n item ids (int32) at byte `ids` of the imported memory to the
 * int32 array at byte `out`, rounded up to a multiple of 4 × LANES items (the caller pads both). The hashes run on
 * SIMD lanes, i32x4 (the same int32 wrapping and logical shifts as hash.ts), LANES vectors interleaved so their
 * dependency chains overlap: about 5 ns a hash instead of 20 ns for two interleaved scalar chains in JavaScript.
 */
export const LANES = 2;
/** Items per loop turn: ids and results are padded to a multiple of this. */
export const SIMD_STEP = 4 * LANES;

const SEED = 1315423911;
const X0 = 231232;
const Y0 = 1232;

// locals: params x r ids n out; i32 i; v128 per lane: a b c h x y
const P_X = 0;
const P_R = 1;
const P_IDS = 2;
const P_N = 3;
const P_OUT = 4;
const L_I = 5;
const V0 = 6;
const REGS = ['a', 'b', 'c', 'h', 'x', 'y'] as const;
type Reg = (typeof REGS)[number];
const vreg = (lane: number, r: Reg): number => V0 + lane * REGS.length + REGS.indexOf(r);

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

const get = (l: number) => [0x20, ...uleb(l)];
const set = (l: number) => [0x21, ...uleb(l)];
const i32 = (v: number) => [0x41, ...sleb(v | 0)];
const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
const I32_ADD = 0x6a;
const I32_SHL = 0x74;
const I32_XOR = 0x73;
const V_SUB = simd(0xb1); // i32x4.sub
const V_XOR = simd(0x51); // v128.xor
const V_SHL = simd(0xab); // i32x4.shl
const V_SHR_U = simd(0xad); // i32x4.shr_u
const V_SPLAT = simd(0x11); // i32x4.splat
const v128At = (op: number, offset: number) => simd(op, 0x04, ...uleb(offset)); // v128.load / store, align 16

/** One rjenkins mix round on (a, b, c) of every lane, statement by statement across the lanes. */
function mix(a: Reg, b: Reg, c: Reg): number[] {
  const steps: [Reg, Reg, Reg, number[], number][] = [
    [a, b, c, V_SHR_U, 13],
    [b, c, a, V_SHL, 8],
    [c, a, b, V_SHR_U, 13],
    [a, b, c, V_SHR_U, 12],
    [b, c, a, V_SHL, 16],
    [c, a, b, V_SHR_U, 5],
    [a, b, c, V_SHR_U, 3],
    [b, c, a, V_SHL, 10],
    [c, a, b, V_SHR_U, 15],
  ];
  const out: number[] = [];
  for (const [p, q, s, shift, k] of steps)
    for (let lane = 0; lane < LANES; lane++) {
      // p = (p - q - s) ^ (s shift k)
      const [vp, vq, vs] = [vreg(lane, p), vreg(lane, q), vreg(lane, s)];
      out.push(...get(vp), ...get(vq), ...V_SUB, ...get(vs), ...V_SUB, ...get(vs), ...i32(k), ...shift, ...V_XOR);
      out.push(...set(vp));
    }
  return out;
}

/** byte address: local + i * 4 */
const at = (local: number) => [...get(local), ...get(L_I), ...i32(2), I32_SHL, I32_ADD];

function body(): number[] {
  const code: number[] = [];
  const emit = (...b: number[]) => code.push(...b);
  emit(0x02, 0x40, 0x03, 0x40); // block, loop
  emit(...get(L_I), ...get(P_N), 0x4f, 0x0d, 0x01); // i >= n (unsigned): leave the block
  for (let lane = 0; lane < LANES; lane++) {
    // a = x; b = ids[i + 4 lane ..]; c = r; h = SEED ^ a ^ b ^ c; x = X0; y = Y0
    emit(...at(P_IDS), ...v128At(0x00, lane * 16), ...set(vreg(lane, 'b')));
    emit(...get(P_X), ...V_SPLAT, ...set(vreg(lane, 'a')), ...get(P_R), ...V_SPLAT, ...set(vreg(lane, 'c')));
    emit(...i32(SEED), ...get(P_X), I32_XOR, ...get(P_R), I32_XOR, ...V_SPLAT, ...get(vreg(lane, 'b')), ...V_XOR);
    emit(...set(vreg(lane, 'h')));
    emit(...i32(X0), ...V_SPLAT, ...set(vreg(lane, 'x')), ...i32(Y0), ...V_SPLAT, ...set(vreg(lane, 'y')));
  }
  emit(...mix('a', 'b', 'h'), ...mix('c', 'x', 'h'), ...mix('y', 'a', 'h'), ...mix('b', 'x', 'h'));
  emit(...mix('y', 'c', 'h'));
  for (let lane = 0; lane < LANES; lane++) emit(...at(P_OUT), ...get(vreg(lane, 'h')), ...v128At(0x0b, lane * 16));
  emit(...get(L_I), ...i32(SIMD_STEP), I32_ADD, ...set(L_I));
  emit(0x0c, 0x00, 0x0b, 0x0b, 0x0b); // br loop; end loop; end block; end function
  return code;
}

const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
const name = (s: string) => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

/** The module's bytes; it imports its memory as m.mem (one page at least). */
export function straw2SimdModule(): Uint8Array<ArrayBuffer> {
  const I32 = 0x7f;
  const V128 = 0x7b;
  const fn = [...uleb(2), ...uleb(1), I32, ...uleb(LANES * REGS.length), V128, ...body()];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 5, I32, I32, I32, I32, I32, 0]), // (i32 x5) -> ()
    ...section(2, [1, ...name('m'), ...name('mem'), 0x02, 0x00, 0x01]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('hash'), 0x00, 0]),
    ...section(10, [1, ...uleb(fn.length), ...fn]),
  ]);
}
