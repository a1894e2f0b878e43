/**
 * How the generated classes and their members are named (the rule the README states):
 * - a type's module is its namespace in lower case (`OS::Nova::Server` → `nova`; every `AWS::*` type → `aws`);
 * - its class is its name without `OS::`, the segments joined, an all-capitals segment capitalized
 *   (`OS::Heat::RandomString` → `HeatRandomString`, `OS::Neutron::LBaaS::Pool` → `NeutronLBaaSPool`,
 *   `AWS::EC2::Instance` → `AwsEc2Instance`);
 * - a property is the type's name for it in camelCase (`character_classes` → `characterClasses`,
 *   `ImageId` → `imageId`, `binding:vnic_type` → `bindingVnicType`);
 * - an attribute's getter is `attr` and the attribute in PascalCase (`first_address` → `attrFirstAddress`);
 * - the interface of a map property, or of each item of a list property, is the class's name and the property's
 *   in PascalCase (`NovaServerNetworks`).
 */

export function moduleOf(typeName: string): string {
  const [vendor, namespace] = typeName.split('::') as [string, string];
  return vendor === 'AWS' ? 'aws' : namespace.toLowerCase();
}

export function classNameOf(typeName: string): string {
  const segments = typeName.split('::');
  if (segments[0] === 'OS') segments.shift();
  return segments.map((s) => (/^[A-Z0-9]{2,}$/.test(s) ? capitalize(s.toLowerCase()) : s)).join('');
}

/** A Heat name in camelCase: words split at anything not a letter or digit, and at `_`. */
export function camelName(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  const [first = '', ...rest] = words;
  const camel = lowerLeadingCapitals(first) + rest.map(capitalize).join('');
  return /^[0-9]/.test(camel) ? `_${camel}` : camel;
}

export function pascalName(name: string): string {
  return capitalize(camelName(name));
}

/** `ImageId` → `imageId`, `VPCZoneIdentifier` → `vpcZoneIdentifier`, `IOPS` → `iops`, `flavor` → `flavor`. */
function lowerLeadingCapitals(word: string): string {
  const run = /^[A-Z0-9]+/.exec(word)?.[0] ?? '';
  if (run.length === word.length) return word.toLowerCase();
  if (run.length <= 1) return word.charAt(0).toLowerCase() + word.slice(1);
  return run.slice(0, -1).toLowerCase() + word.slice(run.length - 1);
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
