/*
 * crush_do_rule for the rules and maps most clusters have, compiled to WebAssembly (scripts/build-crush-wasm.sh;
 * the bytes are in ../crush-firstn-wasm.ts): firstn steps only (take, choose_firstn, chooseleaf_firstn, emit, the
 * set_* steps but set_choose_local_fallback_tries), straw2 buckets only, no choose_args, no local fallback
 * retries. crush-firstn.ts decides which maps and rules qualify; every other case runs do-rule.ts, which this file
 * follows step for step (same names): do-rule.ts, choose-firstn.ts, bucket-straw2.ts and hash.ts are the reference,
 * and the tests compare the two on every fixture and on random maps.
 *
 * Memory (written by crush-firstn.ts after __heap_base): a header of int32 fields (H_*), then per bucket index its
 * type, size (-1: no bucket) and first item, the items and their 16.16 weights, the rules' steps (op, arg1, arg2),
 * the 65536 values of crush_ln(u) - 2^48 as doubles, and the output. Device reweights (is_out) come from the
 * imported function reweight(item): the caller's array, read where CRUSH reads it.
 */
#include <stdint.h>

extern unsigned char __heap_base;
__attribute__((import_module("env"), import_name("reweight"))) extern uint32_t reweight(int32_t item);

enum {
  H_MAX_DEVICES, H_MAX_BUCKETS, H_TYPE, H_SIZE, H_FIRST, H_ITEMS, H_WEIGHTS, H_LN, H_HASHES, H_OUT,
  H_TOTAL_TRIES, H_LOCAL_TRIES, H_DESCEND_ONCE, H_VARY_R, H_STABLE, H_DRAWS, H_FIELDS
};
#define MAX_RESULT 256

static const int32_t *hdr(void) { return (const int32_t *)&__heap_base; }
#define AT(T, field) ((T *)(uintptr_t)hdr()[field])

static uint32_t x_in; /* the input x of the running do_rule */

#define MIX(a, b, c)                                                                                                   \
  do {                                                                                                                 \
    a = (a - b - c) ^ (c >> 13);                                                                                       \
    b = (b - c - a) ^ (a << 8);                                                                                        \
    c = (c - a - b) ^ (b >> 13);                                                                                       \
    a = (a - b - c) ^ (c >> 12);                                                                                       \
    b = (b - c - a) ^ (a << 16);                                                                                       \
    c = (c - a - b) ^ (b >> 5);                                                                                        \
    a = (a - b - c) ^ (c >> 3);                                                                                        \
    b = (b - c - a) ^ (a << 10);                                                                                       \
    c = (c - a - b) ^ (b >> 15);                                                                                       \
  } while (0)

#define SEED 1315423911u

static uint32_t hash32_2(uint32_t a, uint32_t b) {
  uint32_t h = SEED ^ a ^ b, x = 231232, y = 1232;
  MIX(a, b, h);
  MIX(x, a, h);
  MIX(b, y, h);
  return h;
}

/* hash32_3 on four lanes (the same uint32 wrapping and logical shifts); two vectors a turn overlap their chains. */
typedef uint32_t u32x4 __attribute__((vector_size(16)));

static inline __attribute__((always_inline)) u32x4 hash32_3x4(u32x4 a, u32x4 b, u32x4 c) {
  u32x4 h = SEED ^ a ^ b ^ c;
  u32x4 x = {231232, 231232, 231232, 231232};
  u32x4 y = {1232, 1232, 1232, 1232};
  MIX(a, b, h);
  MIX(c, x, h);
  MIX(y, a, h);
  MIX(b, x, h);
  MIX(y, c, h);
  return h;
}

/* The n hashes (x, ids[i], r) into hs, twelve a turn (three vectors whose chains overlap), eight or four for the
 * tail (ids may be read up to 11 past n; hs has room for them). */
static void hash_items(uint32_t x, const int32_t *ids, int32_t n, uint32_t r, uint32_t *hs) {
  const u32x4 vx = {x, x, x, x};
  const u32x4 vr = {r, r, r, r};
  int32_t i = 0;
  for (; n - i > 8; i += 12) {
    u32x4 a, b, c;
    __builtin_memcpy(&a, ids + i, 16);
    __builtin_memcpy(&b, ids + i + 4, 16);
    __builtin_memcpy(&c, ids + i + 8, 16);
    const u32x4 ha = hash32_3x4(vx, a, vr);
    const u32x4 hb = hash32_3x4(vx, b, vr);
    const u32x4 hc = hash32_3x4(vx, c, vr);
    __builtin_memcpy(hs + i, &ha, 16);
    __builtin_memcpy(hs + i + 4, &hb, 16);
    __builtin_memcpy(hs + i + 8, &hc, 16);
  }
  if (n - i > 4) {
    u32x4 a, b;
    __builtin_memcpy(&a, ids + i, 16);
    __builtin_memcpy(&b, ids + i + 4, 16);
    const u32x4 ha = hash32_3x4(vx, a, vr);
    const u32x4 hb = hash32_3x4(vx, b, vr);
    __builtin_memcpy(hs + i, &ha, 16);
    __builtin_memcpy(hs + i + 4, &hb, 16);
  } else if (i < n) {
    u32x4 a;
    __builtin_memcpy(&a, ids + i, 16);
    const u32x4 ha = hash32_3x4(vx, a, vr);
    __builtin_memcpy(hs + i, &ha, 16);
  }
}

/*
 * crush_ln(u) - 2^48 for every 16-bit u into the ln area, as doubles (ln.ts computes the same in TypeScript), from
 * Ceph's tables __RH_LH_tbl and __LL_tbl (ln-table.ts) given as doubles (every value < 2^53). The one wide product,
 * x * RH with x < 2^17 and RH < 2^49, is split at 24 bits as ln.ts does, so nothing wraps.
 */
__attribute__((export_name("init_ln"))) void init_ln(const double *rh_lh, const double *ll) {
  double *ln = AT(double, H_LN);
  for (uint32_t u = 0; u < 0x10000; u++) {
    uint32_t x = u + 1;
    int64_t iexpon = 15;
    if ((x & 0x18000) == 0) {
      const int bits = __builtin_clz(x & 0x1ffff) - 16;
      x <<= bits;
      iexpon = 15 - bits;
    }
    const int index1 = (int)((x >> 8) << 1);
    const uint64_t rh = (uint64_t)rh_lh[index1 - 256];
    const uint64_t lh = (uint64_t)rh_lh[index1 + 1 - 256];
    const uint64_t lo = (uint64_t)x * (rh & 0xffffff);
    const uint64_t hi = (uint64_t)x * (rh >> 24) + (lo >> 24);
    const uint64_t xl64 = hi >> 24;
    const uint64_t llv = (uint64_t)ll[xl64 & 0xff];
    const int64_t v = (iexpon << 44) + (int64_t)((lh + llv) >> 4);
    ln[u] = (double)(v - ((int64_t)1 << 48));
  }
}

/* 1 when bucket index b exists. */
static int bucket_exists(int32_t b) { return b >= 0 && b < hdr()[H_MAX_BUCKETS] && AT(int32_t, H_SIZE)[b] >= 0; }

/*
 * bucket_straw2_choose: the first item with the largest draw (draws as exact doubles: bucket-straw2.ts). Every draw
 * is computed (no early bound, as the TypeScript has): independent divisions pipeline, a bound's branch does not.
 */
static int32_t straw2_choose(int32_t b, uint32_t r) {
  const int32_t n = AT(int32_t, H_SIZE)[b];
  const int32_t first = AT(int32_t, H_FIRST)[b];
  const int32_t *ids = AT(int32_t, H_ITEMS) + first;
  const uint32_t *ws = AT(uint32_t, H_WEIGHTS) + first;
  const double *ln = AT(double, H_LN);
  uint32_t *hs = AT(uint32_t, H_HASHES);
  hash_items(x_in, ids, n, r, hs);
  double *d = AT(double, H_DRAWS);
  for (int32_t i = 0; i < n; i++) {
    const uint32_t w = ws[i];
    const double q = __builtin_trunc(ln[hs[i] & 0xffff] / (double)(w ? w : 1));
    d[i] = w ? q : -__builtin_inf();
  }
  int32_t high = 0;
  double high_draw = -__builtin_inf();
  for (int32_t i = 0; i < n; i++) {
    if (d[i] > high_draw) {
      high = i;
      high_draw = d[i];
    }
  }
  return ids[high];
}

/* The reweights of a map_pgs batch, copied into memory (else null: read through the import). */
static const uint32_t *batch_w;
static int32_t batch_wlen;

/* is_out: rejected when the 16.16 reweight is 0, or below 1 and the hash says so (ids past the array are out). */
static int is_out(int32_t item) {
  const uint32_t w = batch_w ? (item < batch_wlen ? batch_w[item] : 0) : reweight(item);
  if (w >= 0x10000) return 0;
  if (w == 0) return 1;
  return (hash32_2(x_in, (uint32_t)item) & 0xffff) >= w;
}

static int choose_firstn(int32_t bucket, int numrep, int type, int32_t *out, int outpos, int out_size, int tries,
                         int recurse_tries, int local_retries, int recurse_to_leaf, int vary_r, int stable,
                         int32_t *out2, int parent_r) {
  const int32_t max_devices = hdr()[H_MAX_DEVICES];
  const int32_t *types = AT(int32_t, H_TYPE);
  const int32_t *sizes = AT(int32_t, H_SIZE);
  int count = out_size;
  int32_t item = 0;
  for (int rep = stable ? 0 : outpos; rep < numrep && count > 0; rep++) {
    int ftotal = 0;
    int skip_rep = 0;
    int retry_descent;
    do {
      retry_descent = 0;
      int32_t in = bucket;
      int flocal = 0;
      int retry_bucket;
      do {
        int collide = 0;
        retry_bucket = 0;
        const int r = rep + parent_r + ftotal;
        int reject = 0;
        int itemtype = 0;
        if (sizes[in] == 0) {
          reject = 1;
        } else {
          item = straw2_choose(in, (uint32_t)r);
          if (item >= max_devices) {
            skip_rep = 1;
            break;
          }
          const int32_t ib = item < 0 ? -1 - item : -1;
          const int exists = item < 0 && bucket_exists(ib);
          /* a bucket item naming no bucket: read-crush.ts refuses such maps; skipped here rather than read astray */
          if (item < 0 && !exists) {
            skip_rep = 1;
            break;
          }
          itemtype = exists ? types[ib] : 0;
          if (itemtype != type) {
            if (!exists) { /* a device where the step wants a bucket type */
              skip_rep = 1;
              break;
            }
            in = ib;
            retry_bucket = 1;
            continue;
          }
          for (int i = 0; i < outpos; i++) {
            if (out[i] == item) {
              collide = 1;
              break;
            }
          }
          if (!collide && recurse_to_leaf) {
            if (item < 0) {
              const int sub_r = vary_r ? r >> (vary_r - 1) : 0;
              const int got = choose_firstn(ib, stable ? 1 : outpos + 1, 0, out2, outpos, count, recurse_tries, 0,
                                            local_retries, 0, vary_r, stable, 0, sub_r);
              if (got <= outpos) reject = 1;
            } else {
              out2[outpos] = item;
            }
          }
          if (!reject && !collide && itemtype == 0) reject = is_out(item);
        }
        if (reject || collide) {
          ftotal++;
          flocal++;
          if (collide && flocal <= local_retries) retry_bucket = 1;
          else if (ftotal < tries) retry_descent = 1;
          else skip_rep = 1;
        }
      } while (retry_bucket);
    } while (retry_descent);
    if (skip_rep) continue;
    out[outpos] = item;
    outpos++;
    count--;
  }
  return outpos;
}

enum { OP_TAKE = 1, OP_CHOOSE_FIRSTN = 2, OP_EMIT = 4, OP_CHOOSELEAF_FIRSTN = 6, OP_SET_CHOOSE_TRIES = 8,
       OP_SET_CHOOSELEAF_TRIES = 9, OP_SET_CHOOSE_LOCAL_TRIES = 10, OP_SET_CHOOSELEAF_VARY_R = 12,
       OP_SET_CHOOSELEAF_STABLE = 13 };

static int32_t wa[MAX_RESULT], wb[MAX_RESULT], wc[MAX_RESULT];

/*
 * Runs the rule whose nsteps steps start at byte `steps` of the memory (3 int32 a step) for input x and
 * num_rep results (1..MAX_RESULT): the results go to the output area, the count is returned.
 */
static int rule_into(int32_t steps, int nsteps, int32_t x, int num_rep, int32_t *result);

__attribute__((export_name("do_rule"))) int do_rule(int32_t steps, int nsteps, int32_t x, int num_rep) {
  batch_w = 0;
  return rule_into(steps, nsteps, x, num_rep, AT(int32_t, H_OUT));
}

/* ceph_stable_mod */
static uint32_t stable_mod(uint32_t x, uint32_t b, uint32_t bmask) {
  const uint32_t m = x & bmask;
  return m < b ? m : x & (bmask >> 1);
}

/*
 * PGs [from, to) of a replicated pool, as pg-mapping.ts's crushRawInto maps each: the placement seed (raw_pg_to_pps:
 * with HASHPSPOOL rjenkins(stable_mod(ps, pgp_num), pool), else stable_mod + pool), the rule, and the OSDs that do not
 * exist removed. PG k's OSDs go to out[k * num_rep ...], their number to counts[k]. `p` holds int32 fields: pool id,
 * hashpspool, pgp_num, pgp_num_mask, from, to, the reweights (address, length), exists (address of bytes, max_osd),
 * out, counts.
 */
__attribute__((export_name("map_pgs"))) void map_pgs(int32_t steps, int nsteps, int num_rep, const int32_t *p) {
  const uint32_t pool = (uint32_t)p[0], pgp_num = (uint32_t)p[2], pgp_mask = (uint32_t)p[3];
  const int hashpspool = p[1];
  batch_w = (const uint32_t *)(uintptr_t)p[6];
  batch_wlen = p[7];
  const uint8_t *exists = (const uint8_t *)(uintptr_t)p[8];
  const int32_t max_osd = p[9];
  int32_t *out = (int32_t *)(uintptr_t)p[10];
  int32_t *counts = (int32_t *)(uintptr_t)p[11];
  for (int32_t ps = p[4], k = 0; ps < p[5]; ps++, k++) {
    const uint32_t sm = stable_mod((uint32_t)ps, pgp_num, pgp_mask);
    const uint32_t pps = hashpspool ? hash32_2(sm, pool) : sm + pool;
    int32_t *o = out + k * num_rep;
    const int n = rule_into(steps, nsteps, (int32_t)pps, num_rep, o);
    int kept = 0;
    for (int i = 0; i < n; i++)
      if (o[i] >= 0 && o[i] < max_osd && exists[o[i]]) o[kept++] = o[i];
    counts[k] = kept;
  }
  batch_w = 0;
}

static int rule_into(int32_t steps, int nsteps, int32_t x, int num_rep, int32_t *result) {
  const int32_t *h = hdr();
  const int32_t *st = (const int32_t *)(uintptr_t)steps;
  const int result_max = num_rep;
  int result_len = 0;
  int32_t *w = wa, *o = wb, *c = wc;
  int wsize = 0;
  int choose_tries = h[H_TOTAL_TRIES] + 1;
  int choose_leaf_tries = 0;
  int local_retries = h[H_LOCAL_TRIES];
  int vary_r = h[H_VARY_R];
  int stable = h[H_STABLE];
  x_in = (uint32_t)x;
  for (int s = 0; s < nsteps; s++) {
    const int op = st[3 * s], arg1 = st[3 * s + 1], arg2 = st[3 * s + 2];
    switch (op) {
    case OP_TAKE:
      if ((arg1 >= 0 && arg1 < h[H_MAX_DEVICES]) || (arg1 < 0 && bucket_exists(-1 - arg1))) {
        w[0] = arg1;
        wsize = 1;
      }
      break;
    case OP_SET_CHOOSE_TRIES:
      if (arg1 > 0) choose_tries = arg1;
      break;
    case OP_SET_CHOOSELEAF_TRIES:
      if (arg1 > 0) choose_leaf_tries = arg1;
      break;
    case OP_SET_CHOOSE_LOCAL_TRIES:
      if (arg1 >= 0) local_retries = arg1;
      break;
    case OP_SET_CHOOSELEAF_VARY_R:
      if (arg1 >= 0) vary_r = arg1;
      break;
    case OP_SET_CHOOSELEAF_STABLE:
      if (arg1 >= 0) stable = arg1;
      break;
    case OP_CHOOSE_FIRSTN:
    case OP_CHOOSELEAF_FIRSTN: {
      if (wsize == 0) break;
      const int recurse_to_leaf = op == OP_CHOOSELEAF_FIRSTN;
      int osize = 0;
      for (int i = 0; i < wsize; i++) {
        int numrep = arg1;
        if (numrep <= 0) {
          numrep += result_max;
          if (numrep <= 0) continue;
        }
        if (!(w[i] < 0 && bucket_exists(-1 - w[i]))) continue;
        const int recurse_tries = choose_leaf_tries ? choose_leaf_tries : h[H_DESCEND_ONCE] ? 1 : choose_tries;
        osize += choose_firstn(-1 - w[i], numrep, arg2, o + osize, 0, result_max - osize, choose_tries, recurse_tries,
                               local_retries, recurse_to_leaf, vary_r, stable, c + osize, 0);
      }
      if (recurse_to_leaf)
        for (int i = 0; i < osize; i++) o[i] = c[i];
      int32_t *tmp = o;
      o = w;
      w = tmp;
      wsize = osize;
      break;
    }
    case OP_EMIT:
      for (int i = 0; i < wsize && result_len < result_max; i++) result[result_len++] = w[i];
      wsize = 0;
      break;
    default:
      break;
    }
  }
  return result_len;
}
