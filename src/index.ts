// The public API of heatstack. Each area adds its exports here.
export { HeatstackError, UsageError } from './errors.js';
export * from './template/model.js';
// Template: the function catalogue, versions, emit (and parse, convert).
export {
  type FunctionLookup,
  hotVersionsWith,
  isFunctionName,
  lookupFunction,
  pseudoParameterFor,
  SPELLINGS,
  type Spelling,
  spellingFor,
} from './template/functions/index.js';
export * from './template/versions.js';
export { chooseVersion, type EmitOptions, emitTemplate, shapeFor, TemplateEmitError } from './template/emit/index.js';
export { type ParseOptions, type ParseResult, parseTemplate } from './template/parse/index.js';
export {
  checkResourceProperties,
  normalizeProperties,
  PropertyValueError,
  type PropertyProblem,
} from './template/validate/properties.js';
export {
  conditionHolds,
  type EvaluationContext,
  EvaluationError,
  evaluate,
} from './template/evaluate/index.js';
export {
  ParameterError,
  type ParameterProblem,
  PSEUDO_PARAMETERS,
  redactHiddenParameters,
  resolveParameters,
} from './template/parameters.js';
// SDK core: constructs, tokens, synth.
export * from './constructs/index.js';
export * from './tokens/index.js';
export { AppLoadError, loadAppFile, type StackTemplate, synthesize } from './synth/index.js';
