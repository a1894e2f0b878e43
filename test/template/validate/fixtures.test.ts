import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { validateFile } from '../../../src/cli/validate.js';

/**
 * Templates under test/fixtures/templates, parsed and validated as `heatstack validate` does. Each invalid one
 * lists every problem Heat would refuse it for: line, column, template path and message.
 */

const DIR = new URL('../../fixtures/templates/', import.meta.url).pathname;

async function problems(file: string) {
  const ds = await validateFile(join(DIR, file));
  return ds
    .filter((d) => d.severity === 'error')
    .map((d) => [d.position?.line, d.position?.column, d.path, d.message])
    .sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number));
}

describe('valid templates validate clean', () => {
  for (const file of readdirSync(join(DIR, 'valid'))) {
    test(file, async () => {
      expect(await problems(join('valid', file))).toEqual([]);
    });
  }

  test('the seed template validates clean', async () => {
    expect(await validateFile(new URL('../../fixtures/seed/wordpress_mysql.yml', import.meta.url).pathname)).toEqual(
      [],
    );
  });
});

const INVALID: Record<string, [number, number, string, string][]> = {
  'hot-disabled-reference.yaml': [
    [
      20,
      54,
      'resources.web.properties.env[0].list_join[1][1].get_attr[0]',
      '"cache" is not in the stack: its condition "cache_wanted" is false with the parameters\' values; give the referring resource or output the same condition, or guard the reference with if',
    ],
  ],
  'cfn-bad-attribute.yml': [
    [
      8,
      74,
      'Resources.Blog.Properties.Env[0].Fn::Join[1][1].Fn::GetAtt[1]',
      'The Referenced Attribute (Database NetworkIP) is incorrect: OS::Heat::Docker has no attribute "NetworkIP" (did you mean \'NetworkIp\'?)',
    ],
    [
      15,
      28,
      'Outputs.BlogURL.Value.Fn::GetAtt[0]',
      'Fn::GetAtt names "Blogg", which is not a resource of this template (did you mean \'Blog\'?)',
    ],
  ],
  'cfn-bad-parameters.json': [
    [4, 32, 'Parameters.Size.Default', 'Invalid default xl ("xl" is not an allowed value ["s", "m", "l"])'],
    [5, 49, 'Parameters.Port.MinLength', 'length constraint invalid for Number'],
    [6, 32, 'Parameters.Name.Default', 'Invalid default web (Upper case letters only.)'],
    [
      9,
      74,
      'Resources.Web.Properties.Memory',
      "Value 'xl' is not an integer (the value once its functions are resolved)",
    ],
  ],
  'cfn-bad-properties.json': [
    [4, 5, 'Resources.Blog', 'Circular Dependency Found: Blog -> Blog'],
    [6, 7, 'Resources.Blog.Properties.Image', 'Property Image not assigned'],
    [7, 9, 'Resources.Blog.Properties.Env', "'DB_HOST=db' is not a list"],
    [9, 9, 'Resources.Blog.Properties.Tty', '"yes" is not a valid boolean'],
  ],
  'cfn-cycle.yml': [[3, 3, 'Resources.Blog', 'Circular Dependency Found: Blog -> Database -> Blog']],
  'hot-bad-properties.yaml': [
    [6, 7, 'resources.web.properties.imag', "Unknown Property imag (did you mean 'image'?)"],
    [7, 7, 'resources.web.properties.memory', "Value 'lots' is not an integer"],
    [8, 7, 'resources.web.properties.privileged', '"1" is not a valid boolean'],
    [
      11,
      9,
      'resources.web.properties.restart_policy.Name',
      '"sometimes" is not an allowed value ["no", "on-failure", "always"]',
    ],
    [
      12,
      29,
      'resources.web.properties.cap_drop[1]',
      '"FLY" is not an allowed value ["SETPCAP", "SYS_MODULE", "SYS_RAWIO", "SYS_PACCT", "SYS_ADMIN", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "AUDIT_WRITE", "AUDIT_CONTROL", "MAC_OVERRIDE", "MAC_ADMIN", "NET_ADMIN", "SYSLOG", "CHOWN", "NET_RAW", "DAC_OVERRIDE", "FOWNER", "DAC_READ_SEARCH", "FSETID", "KILL", "SETGID", "SETUID", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "IPC_LOCK", "IPC_OWNER", "SYS_CHROOT", "SYS_PTRACE", "SYS_BOOT", "LEASE", "SETFCAP", "WAKE_ALARM", "BLOCK_SUSPEND", "ALL"]',
    ],
    [
      15,
      11,
      'resources.web.properties.devices[0].permissions',
      '"x" is not an allowed value ["r", "w", "m", "rw", "rm", "wm", "rwm"]',
    ],
    [16, 11, 'resources.web.properties.devices[1].path_on_host', 'Property path_on_host not assigned'],
    [
      16,
      11,
      'resources.web.properties.devices[1].path_in_container',
      '"sda" does not match pattern "^/dev/[/_\\-a-zA-Z0-9]+$"',
    ],
  ],
  'hot-conditions.yaml': [
    [7, 3, 'conditions.a', 'Circular definition for condition "a": a -> b -> a'],
    [12, 5, 'resources.box.condition', 'Invalid condition "c" (did you mean \'a\'?)'],
    [18, 18, 'outputs.out.value.if[0]', 'Invalid condition "missing"'],
  ],
  'hot-missing-references.yaml': [
    [6, 20, 'conditions.prod.equals[0].get_param', 'get_param names "env", which is not a parameter of this template'],
    [10, 5, 'resources.web.condition', 'Invalid condition "production"'],
    [11, 22, 'resources.web.depends_on[1]', 'web depends on "cache", which is not a resource of this template'],
    [
      13,
      15,
      'resources.web.properties.image.get_param',
      'get_param names "imag", which is not a parameter of this template (did you mean \'image\'?)',
    ],
    [
      14,
      15,
      'resources.web.properties.links.get_resource',
      'get_resource names "dbb", which is not a resource of this template (did you mean \'db\'?)',
    ],
    [
      15,
      33,
      'resources.web.properties.hostname.get_attr[1]',
      'The Referenced Attribute (db network_ipp) is incorrect: DockerInc::Docker::Container has no attribute "network_ipp" (did you mean \'network_ip\'?)',
    ],
    [22, 24, 'outputs.ip.value.get_attr[0]', 'get_attr names "ghost", which is not a resource of this template'],
  ],
  'hot-unknown-type.yaml': [
    [4, 5, 'resources.server.type', 'The Resource Type (Acme::Cloud::Server) could not be found.'],
    [
      8,
      5,
      'resources.box.type',
      "The Resource Type (OS::Heat::Dockr) could not be found. Did you mean 'OS::Heat::Docker'?",
    ],
  ],
};

describe('invalid templates: every problem with line, column, path and message', () => {
  for (const [file, expected] of Object.entries(INVALID)) {
    test(file, async () => {
      expect(await problems(join('invalid', file))).toEqual(expected);
    });
  }

  test('every invalid fixture is listed', () => {
    expect(readdirSync(join(DIR, 'invalid')).sort()).toEqual(Object.keys(INVALID).sort());
  });
});
