/** Types of inverse-latency.mjs for the tests that import it (a custom policy needs no types of its own). */
import type { CustomPolicyFn } from '../../src/policy/custom-policy.js';

declare const inverseLatency: CustomPolicyFn;
export default inverseLatency;
