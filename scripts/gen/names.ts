// The naming rule of the generated classes lives with the library, which `heatstack import` shares it with.
export { camelName, classNameOf, moduleOf, pascalName } from '../../src/constructs/private/type-names.js';
