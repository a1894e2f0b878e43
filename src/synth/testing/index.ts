// `heatstack/testing`: assertions and snapshots for stacks, with vitest or any test runner.
export { Match, Matcher, type Mismatch } from './match.js';
export { Template, type TemplateOptions } from './template.js';
export { Testing, type TestingSynthOptions } from './testing.js';
