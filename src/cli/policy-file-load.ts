/**
 * Reading a policy file (`plan --policy FILE`, `policy check FILE`, `watch --policy FILE`): the text, its parse and
 * schema checks (src/policy/parse-policy-file.ts), and the custom modules it names, imported relative to the file.
 * Every problem is one input error `FILE:LINE: field.path: what`, exit 3.
 */
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inputError, type LoadshiftError } from '../errors.js';
import { importModule } from './import-module.js';
import type { CustomPolicyFn } from '../policy/custom-policy.js';
import type { PolicyProblem, PolicySpec } from '../policy/policy-spec.js';
import { readInput } from './read-input.js';

export interface LoadedPolicyFile {
  spec: PolicySpec;
  /** Each custom rule's function, keyed by its `module` text as written (what evaluatePolicyFile expects). */
  custom: Map<string, CustomPolicyFn>;
}

/** `--policy` values that name a file rather than a built-in policy. */
export function isPolicyFile(value: string): boolean {
  return /\.ya?ml$/i.test(value) || value.includes('/');
}

/** The one-line error of a policy problem: `loadshift: FILE:LINE: path: message`. */
export function policyProblemError(file: string, p: PolicyProblem): LoadshiftError {
  return inputError(`${file}:${p.line}`, p.path === '' ? p.message : `${p.path}: ${p.message}`);
}

export async function loadPolicyFile(path: string): Promise<LoadedPolicyFile> {
  const doc = readInput(path);
  // imported here: the YAML parser and the schema validator cost ~0.1 s to load, which every command without a
  // policy file (a one-shot `plan`, `apply`, `score`) would pay at start
  const { parsePolicyFile } = await import('../policy/parse-policy-file.js');
  const parsed = parsePolicyFile(doc.text, doc.source);
  if ('problems' in parsed) throw policyProblemError(doc.source, parsed.problems[0]!);
  const { spec } = parsed;
  const custom = new Map<string, CustomPolicyFn>();
  for (const rule of spec.rules) {
    if (rule.kind !== 'custom' || custom.has(rule.module)) continue;
    const where = { line: rule.line, path: `rules[${rule.index}].custom.module` };
    const file = resolve(dirname(path === '-' ? '.' : path), rule.module);
    let mod: Record<string, unknown>;
    try {
      mod = (await importModule(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const why =
        e.code === 'ERR_MODULE_NOT_FOUND'
          ? `no such module ${file}`
          : `cannot load ${file} (${e.message.split('\n')[0]})`;
      throw policyProblemError(doc.source, { ...where, message: `${why}; the path is relative to the policy file` });
    }
    const fn = typeof mod.default === 'function' ? mod.default : mod.policy;
    if (typeof fn !== 'function')
      throw policyProblemError(doc.source, {
        ...where,
        message: `${rule.module} exports no function: export default (snapshot, history, options) => ({ "<osd id>": share, ... })`,
      });
    custom.set(rule.module, fn as CustomPolicyFn);
  }
  return { spec, custom };
}
