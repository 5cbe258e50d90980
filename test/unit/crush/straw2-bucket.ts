/** A lone straw2 bucket (id -1) of the given items and 16.16 weights, for tests of straw2's choice. */
import { BUCKET_STRAW2, type CrushBucket } from '../../../src/crush/types.js';

export const straw2Bucket = (items: Int32Array, weights: Uint32Array): CrushBucket => ({
  id: -1,
  name: 'b',
  typeId: 1,
  alg: BUCKET_STRAW2,
  hash: 0,
  size: items.length,
  weight: weights.reduce((s, w) => s + w, 0),
  items,
  weights,
  sumWeights: new Uint32Array(0),
  nodeWeights: new Uint32Array(0),
  numNodes: 0,
  straws: new Uint32Array(0),
});
