import { containerCreateOptions } from './container-spec.js';

/**
 * The Engine API's container update body for the properties Docker changes on a running container (the schema's
 * `updateAllowed` ones), mapped as a create maps them (`container-spec.ts`). Docker ignores a zero (a limit cannot be
 * removed in place: the planner replaces then); a memory limit goes with a swap limit of twice it, as a create gets.
 */
export interface ContainerUpdateBody {
  Memory?: number;
  MemorySwap?: number;
  CpuShares?: number;
  CpusetCpus?: string;
  RestartPolicy: { Name: string; MaximumRetryCount: number };
}

export function containerUpdateBody(
  logicalId: string,
  properties: Readonly<Record<string, unknown>>,
): ContainerUpdateBody {
  const input = { stack: '', logicalId, properties, configHash: '', deployId: '', network: '' };
  const host = containerCreateOptions(input).HostConfig ?? {};
  const restart = host.RestartPolicy;
  return {
    ...(host.Memory ? { Memory: host.Memory, MemorySwap: 2 * host.Memory } : {}),
    ...(host.CpuShares ? { CpuShares: host.CpuShares } : {}),
    ...(host.CpusetCpus ? { CpusetCpus: host.CpusetCpus } : {}),
    RestartPolicy: { Name: restart?.Name || 'no', MaximumRetryCount: restart?.MaximumRetryCount ?? 0 },
  };
}
