import type { Construct } from 'constructs';
import type { ResourceOptions } from '../../../src/constructs/resource.js';
import { TypedResource } from '../../../src/constructs/typed-resource.js';
import { EXAMPLE_VOLUME_TYPE } from './module.js';

export interface ExampleVolumeProps {
  /** The volume driver. @default 'local' */
  readonly driver?: string;
  /** Labels of the volume. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** The Docker daemon. @default - the local one */
  readonly dockerEndpoint?: string;
}

export class ExampleVolume extends TypedResource<ExampleVolumeProps> {
  constructor(scope: Construct, id: string, props: ExampleVolumeProps = {}, options?: ResourceOptions) {
    super(scope, id, EXAMPLE_VOLUME_TYPE, props, options);
  }
  /** Its name. A token. */
  get volumeName(): string {
    return this.attribute('name');
  }
}
