/**
 * The JSON Schema (draft-07, checked with ajv) of a policy file after YAML parsing. What a schema cannot say (a rule
 * has exactly one kind, restore thresholds below trigger ones, time zones, names that must exist in the cluster)
 * is checked in parse-policy-file.ts and resolve-policy-file.ts.
 */
const factor = { type: 'number', minimum: 0 };
const positive = { type: 'number', exclusiveMinimum: 0 };

const proportional = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    by_class: { type: 'object', additionalProperties: factor },
    by_osd: { type: 'object', propertyNames: { pattern: '^(osd\\.)?[0-9]+$' }, additionalProperties: factor },
    default: factor,
  },
};

const osdRef = {
  anyOf: [
    { type: 'integer', minimum: 0 },
    { type: 'string', pattern: '^osd\\.[0-9]+$' },
  ],
};

export const POLICY_FILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['policy'],
  properties: {
    policy: { enum: ['even', 'ceph', 'proportional'] },
    proportional,
    rules: { type: 'array', items: { $ref: '#/definitions/rule' } },
  },
  definitions: {
    rule: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        drain: {
          type: 'object',
          minProperties: 1,
          properties: { osds: { type: 'array', items: osdRef }, reason: { type: 'string' } },
          // any other field is a CRUSH bucket type (`hosts`, `racks`, `host`, ...) or `buckets`: a list of names
          additionalProperties: { type: 'array', items: { type: 'string', minLength: 1 } },
        },
        latency: {
          type: 'object',
          additionalProperties: false,
          properties: {
            above_ms: positive,
            relative: { type: 'number', exclusiveMinimum: 1 },
            rounds: { type: 'integer', minimum: 1 },
            restore_below_ms: positive,
            restore_relative: positive,
            restore_rounds: { type: 'integer', minimum: 1 },
            factor: { type: 'number', minimum: 0, maximum: 1 },
          },
        },
        proportional,
        custom: {
          type: 'object',
          additionalProperties: false,
          required: ['module'],
          properties: { module: { type: 'string', minLength: 1 }, options: {} },
        },
        when: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            days: {
              type: 'array',
              minItems: 1,
              items: { enum: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] },
            },
            between: { type: 'string' },
            tz: { type: 'string', minLength: 1 },
          },
        },
      },
    },
  },
} as const;
