/** The baseline of the template benchmark: the `yaml` library's plain `parse` of the same file. Usage: yaml-parse.mjs FILE */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { report, timed } from './report.mjs';

const file = process.argv[2];
const { ms } = await timed(() => parse(readFileSync(file, 'utf8')));
report({ ms });
