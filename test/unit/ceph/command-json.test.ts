/** The JSON text of monitor commands: CephFloat arguments travel as JSON reals (the monitor refuses `1` for 1.0). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CephFloat, cephCliWords, commandJsonText } from '../../../src/ceph/command-args.js';
import { affinityMonCommand } from '../../../src/ceph/op-command.js';

describe('commandJsonText', () => {
  it('writes whole CephFloat values with a decimal point, others as JSON does', () => {
    expect(commandJsonText(affinityMonCommand({ osd: 3, to: 0x10000 }))).toBe(
      '{"prefix":"osd primary-affinity","id":3,"weight":1.0}',
    );
    expect(commandJsonText({ prefix: 'x', a: new CephFloat(0), b: 2, c: 'q', d: [new CephFloat(0.5)] })).toBe(
      '{"prefix":"x","a":0.0,"b":2,"c":"q","d":[0.5]}',
    );
  });

  it('parses back to the same values, for any 16.16 affinity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x10000 }), fc.nat(1000), (to, osd) => {
        const cmd = affinityMonCommand({ osd, to });
        const text = commandJsonText(cmd);
        expect(text).toMatch(/"weight":\d+\.\d+(e-\d+)?\}$|"weight":\d(\.\d+)?e-\d+\}$/);
        const back = JSON.parse(text) as { id: number; weight: number };
        expect(back.id).toBe(osd);
        expect(Math.trunc(back.weight * 0x10000)).toBe(to);
        expect(cephCliWords(cmd)).toEqual(['osd', 'primary-affinity', String(osd), String(to / 0x10000)]);
      }),
    );
  });
});
