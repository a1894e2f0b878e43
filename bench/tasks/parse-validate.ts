/**
 * One measured side of the template benchmark: heatstack reading a template file (parse + validate, as
 * `heatstack validate` does). Usage: parse-validate.ts FILE
 */

import { readFileSync } from 'node:fs';
import { parseTemplate } from '../../src/template/parse/index.js';
import { validateTemplate } from '../../src/template/validate/index.js';
import { report, timed } from '../harness.js';

const file = process.argv[2] as string;
const { ms, value: problems } = await timed(() => {
  const text = readFileSync(file, 'utf8');
  const parsed = parseTemplate(text, { fileName: file });
  if (parsed.template === undefined) throw new Error(`${file} did not parse: ${JSON.stringify(parsed.diagnostics[0])}`);
  const diagnostics = validateTemplate(parsed.template, { positionOf: (p) => parsed.positionOf(p) });
  return [...parsed.diagnostics, ...diagnostics].filter((d) => d.severity === 'error').length;
});
if (problems > 0) throw new Error(`${file}: ${problems} errors; the benchmark template must be valid`);
report({ ms });
