/** Tree buckets: bucket_tree_choose, descending a binary tree of node weights. */
import { hash32_4 } from './hash.js';
import type { CrushBucket } from './types.js';

/** (a * b) >> 32 for two uint32 values, exactly (split a into 16-bit halves). */
function mulHigh32(a: number, b: number): number {
  const ah = a >>> 16;
  const al = a & 0xffff;
  return Math.floor((ah * b + Math.floor((al * b) / 0x10000)) / 0x10000);
}

export function treeChoose(bucket: CrushBucket, x: number, r: number): number {
  const nw = bucket.nodeWeights;
  let n = bucket.numNodes >> 1;
  while ((n & 1) === 0) {
    const w = nw[n]!;
    const t = mulHigh32(hash32_4(x, n, r, bucket.id), w);
    // height = trailing zeros of n; children are n -/+ 2^(height-1)
    const half = (n & -n) >> 1;
    const l = n - half;
    n = t < nw[l]! ? l : n + half;
  }
  return bucket.items[n >> 1]!;
}

/** crush_calc_tree_node(i): the leaf node of item i. */
export function treeNode(i: number): number {
  return ((i + 1) << 1) - 1;
}

/** Node weights as crush_make_tree_bucket computes them. */
export function treeNodeWeights(weights: Uint32Array): { nodeWeights: Uint32Array; numNodes: number } {
  const size = weights.length;
  if (size === 0) return { nodeWeights: new Uint32Array(0), numNodes: 0 };
  let depth = 1;
  for (let t = size - 1; t !== 0; t >>= 1) depth++;
  const numNodes = 1 << depth;
  const nw = new Uint32Array(numNodes);
  for (let i = 0; i < size; i++) {
    let node = treeNode(i);
    const w = weights[i]!;
    nw[node] = w;
    for (let j = 1; j < depth; j++) {
      // parent(node)
      const low = node & -node;
      node = node & (low << 1) ? node - low : node + low;
      nw[node] = (nw[node]! + w) >>> 0;
    }
  }
  return { nodeWeights: nw, numNodes };
}
