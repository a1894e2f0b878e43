/**
 * OpenStack's public CFN templates with `Mappings` (test/fixtures/heat-templates-cfn) converted to HOT (issue 10):
 * each converts, and Heat 19 accepts the HOT result wherever it accepts the original, given the same parameter
 * values (where it refuses the original — types Heat 19 no longer has, `Fn::GetAZs` asking Nova offline — it refuses
 * the result for the same reason). Skipped, saying so, where python3-heat is not installed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { heatstack } from '../../support/cli.js';
import { heatVerdicts, testWithHeat } from '../../support/heat.js';

const DIR = 'test/fixtures/heat-templates-cfn';
const FILES = readdirSync(DIR).filter((f) => !f.endsWith('.md'));

/** A value for each parameter without a default: its first allowed value, else one of its type. */
function valuesFor(text: string): Record<string, string> {
  const template = parseTemplate(text).template;
  if (template === undefined) throw new Error('not a template');
  const out: Record<string, string> = {};
  for (const [name, p] of Object.entries(template.parameters)) {
    if (p.default !== undefined) continue;
    const allowed = p.constraints.find((c) => c.kind === 'allowed_values');
    out[name] = allowed?.kind === 'allowed_values' ? String(allowed.values[0]) : p.type === 'number' ? '1' : 'x';
  }
  return out;
}

testWithHeat(
  'every public CFN template with Mappings converts to HOT, and Heat accepts the result where it accepts the original',
  async () => {
    expect(FILES.length).toBeGreaterThanOrEqual(30);
    const cases = [];
    for (const file of FILES) {
      const original = readFileSync(join(DIR, file), 'utf8');
      const { code, stdout, stderr } = await heatstack('convert', join(DIR, file), '--dialect', 'hot');
      expect([file, code, stderr.replace(/^note: .*\n/gm, '')]).toEqual([file, 0, '']);
      expect(stdout).not.toMatch(/Mappings|Fn::FindInMap|OS::region/);
      const parameters = valuesFor(original);
      cases.push({ template: original, parameters }, { template: stdout, parameters });
    }
    const verdicts = heatVerdicts(cases);
    const differ = FILES.flatMap((file, i) => {
      const [original, converted] = [verdicts[2 * i], verdicts[2 * i + 1]];
      if (original?.valid === converted?.valid) return [];
      return [
        `${file}: Heat ${original?.valid ? 'accepts' : 'refuses'} the original, not the HOT (${converted?.error})`,
      ];
    });
    expect(differ).toEqual([]);
    expect(verdicts.filter((v, i) => i % 2 === 1 && v.valid).length).toBeGreaterThanOrEqual(23);
  },
  240_000,
);
