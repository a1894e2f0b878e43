import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseTemplate } from '../../../src/template/parse/index.js';
import { validateTemplate } from '../../../src/template/validate/index.js';
import { SHOWN_CHARACTERS, shownJson } from '../../../src/template/validate/shown-value.js';

/** Values quoted in messages: exact when small, cut when large (issue 17's fuzzer: an alias bomb in a property). */

describe('a value written into a message', () => {
  test('is JSON.stringify of it when it holds up to 10,000 values', () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    fc.assert(
      fc.property(json, (v) => {
        expect(shownJson(v)).toBe(JSON.stringify(v));
      }),
    );
  });

  test('is cut to its first 1,000 characters and … when larger', () => {
    const big = Array.from({ length: 20_000 }, (_, i) => ({ k: `v${i}` }));
    expect(shownJson(big)).toBe(`${JSON.stringify(big).slice(0, SHOWN_CHARACTERS)}…`);
  });

  test('a property that aliases expand to 800,000 values is refused with a short message', () => {
    const anchors = ['&a0 [lol, lol]'];
    for (let i = 1; i <= 7; i++)
      anchors.push(
        `&a${i} [${Array(7)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const text =
      'heat_template_version: 2021-04-16\nresources:\n  app:\n    type: DockerInc::Docker::Container\n' +
      `    properties:\n      image: busybox\n      cpu_shares: [${anchors.join(', ')}]\n`;
    const parsed = parseTemplate(text);
    // Writing the whole value (4 MB) into the message took 0.9 s of CPU of the 1.2 s this case took.
    const messages = validateTemplate(parsed.template as NonNullable<typeof parsed.template>).map((d) => d.message);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.length).toBeLessThan(SHOWN_CHARACTERS + 200);
    expect(messages[0]).toMatch(/^Value '\[\["lol","lol"\],.*…' is not an integer/);
  });
});
