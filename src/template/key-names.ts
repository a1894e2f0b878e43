import type { Dialect } from './model.js';

/** How each dialect spells the template's sections and the keys of resources, outputs and parameters. */
export interface KeyNames {
  readonly description: string;
  readonly parameters: string;
  readonly mappings: string;
  readonly conditions: string;
  readonly resources: string;
  readonly outputs: string;
  readonly parameterGroups: string;
  readonly type: string;
  readonly properties: string;
  readonly metadata: string;
  readonly dependsOn: string;
  readonly deletionPolicy: string;
  readonly updatePolicy: string;
  readonly condition: string;
  readonly externalId: string;
  readonly value: string;
  readonly default: string;
}

/** The one table of section and key spellings, for parsing, writing, and paths in messages. */
export const KEY_NAMES: Readonly<Record<Dialect, KeyNames>> = {
  cfn: {
    description: 'Description',
    parameters: 'Parameters',
    mappings: 'Mappings',
    conditions: 'Conditions',
    resources: 'Resources',
    outputs: 'Outputs',
    parameterGroups: 'ParameterGroups',
    type: 'Type',
    properties: 'Properties',
    metadata: 'Metadata',
    dependsOn: 'DependsOn',
    deletionPolicy: 'DeletionPolicy',
    updatePolicy: 'UpdatePolicy',
    condition: 'Condition',
    externalId: 'ExternalId',
    value: 'Value',
    default: 'Default',
  },
  hot: {
    description: 'description',
    parameters: 'parameters',
    mappings: 'mappings',
    conditions: 'conditions',
    resources: 'resources',
    outputs: 'outputs',
    parameterGroups: 'parameter_groups',
    type: 'type',
    properties: 'properties',
    metadata: 'metadata',
    dependsOn: 'depends_on',
    deletionPolicy: 'deletion_policy',
    updatePolicy: 'update_policy',
    condition: 'condition',
    externalId: 'external_id',
    value: 'value',
    default: 'default',
  },
};
