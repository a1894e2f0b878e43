import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test, vi } from 'vitest';
import { keyValues, run } from '../../src/cli/validate.js';
import { HeatstackError, UsageError } from '../../src/errors.js';

const FIXTURES = new URL('../fixtures/templates/', import.meta.url).pathname;
const SEED = join(FIXTURES, 'valid/cfn-seed-wordpress-mysql.yml');

async function runCaptured(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await run(args), out };
  } finally {
    spy.mockRestore();
  }
}

const TEMP = mkdtempSync(join(tmpdir(), 'heatstack-validate-'));
afterAll(() => rmSync(TEMP, { recursive: true, force: true }));

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(TEMP, 'case-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const PARAMS_TEMPLATE = `heat_template_version: 2018-08-31
parameters:
  port:
    type: number
    constraints:
      - range: {min: 1, max: 65535}
  image:
    type: string
    default: busybox
resources:
  box:
    type: DockerInc::Docker::Container
    properties:
      image: {get_param: image}
      port_specs: [{str_replace: {template: P/tcp, params: {P: {get_param: port}}}}]
`;

afterEach(() => vi.restoreAllMocks());

describe('heatstack validate', () => {
  test('a valid template exits 0 and says so', async () => {
    const { code, out } = await runCaptured([SEED]);
    expect(code).toBe(0);
    expect(out).toBe(`${SEED}: valid\n`);
  });

  test('an invalid template exits 1 with file:line:col: message (at path) for every problem', async () => {
    const file = join(FIXTURES, 'invalid/cfn-bad-attribute.yml');
    const { code, out } = await runCaptured([file]);
    expect(code).toBe(1);
    expect(out.split('\n')).toEqual([
      `${file}:8:74: The Referenced Attribute (Database NetworkIP) is incorrect: OS::Heat::Docker has no attribute "NetworkIP" (did you mean 'NetworkIp'?) (at Resources.Blog.Properties.Env[0].Fn::Join[1][1].Fn::GetAtt[1])`,
      `${file}:15:28: Fn::GetAtt names "Blogg", which is not a resource of this template (did you mean 'Blog'?) (at Outputs.BlogURL.Value.Fn::GetAtt[0])`,
      `${file}: invalid (2 errors)`,
      '',
    ]);
  });

  test('--json prints valid and every diagnostic with path, line, column, message and severity', async () => {
    const { code, out } = await runCaptured(['--json', join(FIXTURES, 'invalid/cfn-cycle.yml')]);
    expect(code).toBe(1);
    expect(JSON.parse(out)).toEqual({
      valid: false,
      diagnostics: [
        {
          path: 'Resources.Blog',
          line: 3,
          column: 3,
          message: 'Circular Dependency Found: Blog -> Database -> Blog',
          severity: 'error',
        },
      ],
    });
  });

  test('without -P, a parameter without a default is not an error (as in Heat’s template validation)', async () => {
    const file = tempFile('t.yaml', PARAMS_TEMPLATE);
    expect((await runCaptured([file])).code).toBe(0);
  });

  test('-P values are checked against their type and constraints', async () => {
    const file = tempFile('t.yaml', PARAMS_TEMPLATE);
    expect((await runCaptured([file, '-P', 'port=8080'])).code).toBe(0);
    const { code, out } = await runCaptured([file, '-P', 'port=70000;image=nginx', '-P', 'colour=red']);
    expect(code).toBe(1);
    expect(out).toContain(
      `${file}:3:3: Value given for port: 70000 is out of range (min: 1, max: 65535) (at parameters.port)`,
    );
    expect(out).toContain('The Parameter (colour) was not defined in template. (at parameters.colour)');
  });

  test('--parameter-file reads a map or an environment file’s parameters', async () => {
    const file = tempFile('t.yaml', PARAMS_TEMPLATE);
    const env = tempFile('env.yaml', 'parameters:\n  port: 0\n');
    const { code, out } = await runCaptured([file, '--parameter-file', env]);
    expect(code).toBe(1);
    expect(out).toContain('Value given for port: 0 is out of range');
  });

  test('bad usage is a UsageError (exit 2)', async () => {
    await expect(run([])).rejects.toThrow(UsageError);
    await expect(run(['a.yaml', 'b.yaml'])).rejects.toThrow(UsageError);
    await expect(run(['--bogus', SEED])).rejects.toThrow(UsageError);
    expect(() => keyValues('novalue')).toThrow(UsageError);
  });

  test('a missing file is a user error (exit 1): "cannot read FILE: no such file", as synth and deploy say it', async () => {
    const error = await run(['/nonexistent/template.yaml']).catch((e: unknown) => e);
    // HeatstackError and not UsageError: the CLI exits 1, not 2.
    expect(error).toBeInstanceOf(HeatstackError);
    expect(error).not.toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe('cannot read /nonexistent/template.yaml: no such file');
  });

  test('a directory given as the file is a user error in words too', async () => {
    await expect(run([TEMP])).rejects.toThrow(`cannot read ${TEMP}: is a directory, not a file`);
  });

  test('a YAML syntax error is reported with its position, and exits 1', async () => {
    const file = tempFile('broken.yaml', 'heat_template_version: 2018-08-31\nresources: [\n');
    const { code, out } = await runCaptured([file]);
    expect(code).toBe(1);
    expect(out).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:\\d+:\\d+: `));
  });

  test('a file that is not UTF-8 is invalid at the byte (a resource r\\xff\\xfe is not read as r\u{fffd}\u{fffd})', async () => {
    const file = tempFile('latin.yaml', '');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('heat_template_version: 2018-08-31\nresources:\n  r'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(': {type: DockerInc::Docker::Container, properties: {image: x}}\n'),
      ]),
    );
    const { code, out } = await runCaptured([file]);
    expect({ code, out }).toEqual({
      code: 1,
      out: `${file}:3:4: Error parsing template: not UTF-8: byte 0xff at byte offset 48 (invalid start byte)\n${file}: invalid (1 error)\n`,
    });
  });

  test('a file larger than max_template_size is invalid; HEATSTACK_MAX_TEMPLATE_SIZE raises the limit', async () => {
    const file = tempFile('big.yaml', `heat_template_version: 2018-08-31\ndescription: ${'x'.repeat(600_000)}\n`);
    const refused = await runCaptured([file]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(`${file}:1:1: Request limit exceeded: Template size (600048 bytes) exceeds`);
    vi.stubEnv('HEATSTACK_MAX_TEMPLATE_SIZE', '1000000');
    try {
      expect(await runCaptured([file])).toEqual({ code: 0, out: `${file}: valid\n` });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  test('-P splits several values on ";"', () => {
    expect(keyValues('a=1;b=x=y')).toEqual({ a: '1', b: 'x=y' });
  });
});

describe('heatstack validate with a hidden parameter', () => {
  test('the value given for a hidden parameter never appears in the output, text or JSON', async () => {
    // GIVEN a property that takes the hidden parameter's value, which is not an integer
    const file = tempFile(
      'leak.yaml',
      [
        'heat_template_version: 2021-04-16',
        'parameters:',
        '  pw: {type: string, hidden: true}',
        'resources:',
        '  box:',
        '    type: DockerInc::Docker::Container',
        '    properties:',
        '      memory: {get_param: pw}',
      ].join('\n'),
    );
    for (const extra of [[], ['--json']]) {
      // WHEN it is validated with the secret
      const { code, out } = await runCaptured([file, '-P', 'pw=TopSecretVal', ...extra]);
      // THEN the problem is reported with the value masked
      expect(code).toBe(1);
      expect(out).toContain('******');
      expect(out).not.toContain('TopSecretVal');
    }
  });
});
