import { findReferences } from '../../template/dependencies.js';
import { redactStrings, resourcesGivenHidden } from '../../template/hidden-values.js';
import type { Template } from '../../template/model.js';
import { HIDDEN_VALUE, type ReadValue, type StackRecord } from '../state/record.js';
import { LiveValues } from './live-values.js';
import { type RunRecorder, reasonOf } from './run.js';
import type { EngineOptions } from './services.js';

/** A stack's outputs, evaluated against the live resources once a run has converged. */

export async function computeOutputs(
  run: RunRecorder,
  template: Template,
  parameters: Readonly<Record<string, unknown>>,
  options: EngineOptions,
): Promise<void> {
  const live = new LiveValues(template, parameters, run.record, options.backend, options.services);
  const hidden = new Set(Object.keys(run.record.hiddenParameterHashes));
  // Between runs only hashes of hidden values are kept: a run not given them (resume: the record's `******`) cannot
  // mask them in what a resource given them shows.
  const notGiven = new Set([...hidden].filter((p) => parameters[p] === HIDDEN_VALUE));
  const unmaskable = resourcesGivenHidden(template, notGiven);
  const previous = run.record.outputs;
  const outputs: StackRecord['outputs'] = {};
  const reads = new Map<string, ReadValue>();
  await Promise.all(
    Object.entries(template.outputs).map(async ([name, def]) => {
      try {
        if (def.condition !== undefined && !options.services.conditionHolds(template, def.condition, parameters))
          return;
        const refs = findReferences(def.value);
        // An output reading a resource given a hidden value it cannot mask keeps what the last deploy stored, masked.
        if ([...refs.resources].some((r) => unmaskable.has(r))) {
          outputs[name] = previous[name] ?? { description: def.description, value: HIDDEN_VALUE };
          return;
        }
        const value = await live.evaluate(def.value);
        for (const r of await live.listedReads(def.value)) reads.set(`${r.resource}\0${r.attribute}`, r);
        // A value made from a hidden parameter is as secret as the parameter: stored and shown masked. Any other
        // value has every hidden value in it masked (an attribute such as a log may print one).
        const secret = [...refs.parameters].some((p) => hidden.has(p));
        outputs[name] = {
          description: def.description,
          value: secret ? HIDDEN_VALUE : redactStrings(value, run.hiddenValues),
        };
      } catch (err) {
        outputs[name] = { description: def.description, error: run.redact(reasonOf(err)) };
      }
    }),
  );
  // What a deploy that changes nothing checks before it keeps them (`unchangedOutputs`, `converge.ts`).
  run.record.outputReads = reads.size > 0 ? [...reads.keys()].sort().map((k) => reads.get(k) as ReadValue) : undefined;
  run.record.outputs = Object.fromEntries(
    Object.keys(template.outputs)
      .filter((n) => n in outputs)
      .map((n) => [n, outputs[n] as StackRecord['outputs'][string]]),
  );
}
