// `heatstack/template`: the template tools — the `Template` model, synth of an app into it, parse, validate, emit
// (and convert), evaluate, parameters and versions. The spelling tables of the functions are internal.

export {
  AppLoadError,
  loadAppFile,
  type StackTemplate,
  type SynthesizeOptions,
  type SynthFilesOptions,
  synthesize,
  synthesizeToFiles,
  type WrittenTemplate,
  writeTemplateFile,
} from '../synth/index.js';
export { type Diagnostic, formatDiagnostic } from './diagnostics.js';
export { chooseVersion, type EmitOptions, emitTemplate, shapeFor, TemplateEmitError } from './emit/index.js';
export { conditionHolds, type EvaluationContext, EvaluationError, evaluate } from './evaluate/index.js';
export {
  type FunctionLookup,
  hotVersionsWith,
  isFunctionName,
  lookupFunction,
  pseudoParameterFor,
} from './functions/index.js';
export * from './model.js';
export {
  ParameterError,
  type ParameterProblem,
  PSEUDO_PARAMETERS,
  redactHiddenParameters,
  resolveParameters,
} from './parameter-values.js';
export { type ParseOptions, type ParseResult, parseTemplate } from './parse/index.js';
export { type ValidateOptions, validateTemplate } from './validate/index.js';
export {
  checkResourceProperties,
  normalizeProperties,
  type PropertyProblem,
  PropertyValueError,
} from './validate/properties.js';
export * from './versions.js';
