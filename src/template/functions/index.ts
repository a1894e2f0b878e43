export { type FunctionLookup, hotVersionsWith, isFunctionName, lookupFunction, spellingFor } from './lookup.js';
export {
  conditionRef,
  type FnContext,
  pseudoParameterFor,
  type ReadContext,
  type ReadResult,
  SPELLINGS,
  type Spelling,
  type WriteContext,
  WriteError,
  writeConditionReference,
} from './spellings.js';
