/**
 * One measured side of the template benchmark: heatstack reading a template file (parse + validate, as
 * `heatstack validate` does), on the built library. Usage: parse-validate.mjs FILE
 */
import { readFileSync } from 'node:fs';
import { parseTemplate } from '../../dist/template/parse/index.js';
import { validateTemplate } from '../../dist/template/validate/index.js';
import { report, timed } from './report.mjs';

const file = process.argv[2];
const { ms, value: errors } = await timed(() => {
  // 10,000 resources and several megabytes: past Heat's default limits, which a synthesized stack may exceed.
  const limits = { maxTemplateSize: 1 << 30, maxResourcesPerStack: -1 };
  const parsed = parseTemplate(readFileSync(file), { fileName: file, limits });
  if (parsed.template === undefined) throw new Error(`${file} did not parse: ${JSON.stringify(parsed.diagnostics[0])}`);
  const diagnostics = validateTemplate(parsed.template, { positionOf: (p) => parsed.positionOf(p) });
  return [...parsed.diagnostics, ...diagnostics].filter((d) => d.severity === 'error').length;
});
if (errors > 0) throw new Error(`${file}: ${errors} errors; the benchmark template must be valid`);
report({ ms });
