import type { Command } from 'commander';
import { registerCrushTest } from './crush-test.js';
import { registerPgs } from './pgs.js';
import { registerScore } from './score-command.js';
import { registerPlan } from './plan.js';
import { registerDemo } from './demo.js';
import { registerGather } from './gather.js';
import { registerApply } from './apply.js';
import { registerRevert } from './revert.js';
import { registerReport } from './report.js';
import { registerSimulate } from './simulate.js';
import { registerWatch } from './watch.js';
import { registerPolicy } from './policy-check.js';
import { registerGenerate } from './generate.js';
import { registerWhatIf } from './whatif.js';

/** Each CLI command lives in its own file and registers itself on the program. */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [
  registerCrushTest,
  registerPgs,
  registerScore,
  registerPlan,
  registerDemo,
  registerGather,
  registerApply,
  registerRevert,
  registerReport,
  registerSimulate,
  registerWatch,
  registerPolicy,
  registerGenerate,
  registerWhatIf,
];
