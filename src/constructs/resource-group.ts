import type { Construct } from 'constructs';
import type { IResolvable } from '../tokens/resolvable.js';
import { HeatResource } from './heat-resource.js';
import type { ResourceOptions } from './resource.js';

/** The definition every member of a group is made from. */
export interface ResourceDefinition {
  /** The members' resource type (`DockerInc::Docker::Container`, a template file such as `web.yaml`). */
  readonly type: string;
  /**
   * Their properties, spelled as the type spells them (`image`, `env`); the group's index variable (`%index%`) in
   * any string is replaced by each member's index. @default - none
   */
  readonly properties?: Readonly<Record<string, unknown>>;
  /** Their metadata. @default - none */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** The properties of an `OS::Heat::ResourceGroup`. */
export interface ResourceGroupProps {
  /** How many members. @default 1 */
  readonly count?: number;
  readonly resourceDef: ResourceDefinition;
  /** The text replaced by each member's index. @default '%index%' */
  readonly indexVar?: string;
  /** Members to remove (by index, `'1'`, or by id); a removed index is never used again. @default - none */
  readonly removalPolicies?: readonly { readonly resourceList: readonly string[] }[];
  /** `append` keeps the indices removed before; `update` forgets them. @default 'append' */
  readonly removalPoliciesMode?: 'append' | 'update';
}

/**
 * `count` resources made from one definition, as Heat's `OS::Heat::ResourceGroup`: deploy runs the members as
 * resources of the stack (`Web.0`, `Web.1`, …), so changing the count creates or deletes only the difference
 * (the newest first) and nothing else is touched.
 */
export class ResourceGroup extends HeatResource {
  constructor(scope: Construct, id: string, props: ResourceGroupProps, options: ResourceOptions = {}) {
    const def = props.resourceDef;
    super(scope, id, {
      ...options,
      type: 'OS::Heat::ResourceGroup',
      properties: {
        count: props.count,
        index_var: props.indexVar,
        removal_policies: props.removalPolicies?.map((p) => ({ resource_list: p.resourceList })),
        removal_policies_mode: props.removalPoliciesMode,
        resource_def: { type: def.type, properties: def.properties, metadata: def.metadata },
      },
    });
  }

  /** Each member's id (`get_resource`), in index order. A list token. */
  get refs(): string[] {
    return this.getAttList('refs');
  }
  /** Member index → id. */
  get refsMap(): IResolvable {
    return this.getAttValue('refs_map');
  }
  /** The indices removal policies removed. A list token. */
  get removedResources(): string[] {
    return this.getAttList('removed_rsrc_list');
  }
  /** An attribute of every member, in index order (`group.attributeOfEach('network_ip')`). A list token. */
  attributeOfEach(attribute: string): string[] {
    return this.getAttList(attribute);
  }
  /** Member index → its attribute. */
  attributeByMember(attribute: string): IResolvable {
    return this.getAttValue('attributes', attribute);
  }
  /** The id of member `index`. A token. */
  memberRef(index: number): string {
    return this.getAtt(`resource.${index}`);
  }
  /** An attribute of member `index`. A token. */
  memberAttribute(index: number, attribute: string): string {
    return this.getAtt(`resource.${index}.${attribute}`);
  }
}
