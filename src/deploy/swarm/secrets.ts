import type Docker from 'dockerode';
import { statusOf } from '../docker/errors.js';

/**
 * A stack's generated secrets as Swarm secrets (`docs/swarm.md`, "Generated secrets"). On `--target swarm` an
 * `OS::Heat::RandomString` is also kept in the swarm as a secret (`secret-handler.ts`); a service whose properties read
 * its value — the value appears in the service's `env` as Heat resolved it — is given that secret as well, as the file
 * `/run/secrets/<the RandomString's logical id>`, so the application can read it from there rather than from its
 * environment. The values the secret handler created or read in this process are kept here, by stack: the engine
 * reads a RandomString's `value` (through that handler) before it resolves the properties of a service that reads it.
 */

export interface StackSecret {
  /** The secret's name: the RandomString's physical id. */
  readonly name: string;
  /** The RandomString's logical id: the secret's file name in the task. */
  readonly logicalId: string;
}

/** stack → value → the secret that holds it (this process's runs only: values never leave the record otherwise). */
const known = new Map<string, Map<string, StackSecret>>();

/** @internal The secret handler says which secret holds a value of the stack. */
export function rememberSecret(stack: string, value: string, secret: StackSecret): void {
  const values = known.get(stack) ?? new Map<string, StackSecret>();
  known.set(stack, values);
  values.set(value, secret);
}

/** @internal Too short a value could be part of an env entry by chance: such secrets are not matched. */
const MIN_MATCHED_LENGTH = 8;

/** @internal The stack's known secrets whose value occurs in one of the `env` entries, in logical id order. */
export function secretsReadBy(stack: string, env: readonly string[] | undefined): StackSecret[] {
  const values = known.get(stack);
  if (values === undefined || env === undefined) return [];
  const read = new Map<string, StackSecret>();
  for (const [value, secret] of values)
    if (value.length >= MIN_MATCHED_LENGTH && env.some((entry) => entry.slice(entry.indexOf('=') + 1).includes(value)))
      read.set(secret.logicalId, secret);
  return [...read.values()].sort((a, b) => a.logicalId.localeCompare(b.logicalId));
}

/**
 * @internal The task's references to those secrets, each as the file `/run/secrets/<logical id>` (mode 0444, Docker's
 * default); a secret not on this manager (a RandomString lives on the default one) is left out.
 */
export async function secretReferences(
  docker: Docker,
  secrets: readonly StackSecret[],
): Promise<Docker.SecretReference[] | undefined> {
  const references: Docker.SecretReference[] = [];
  for (const secret of secrets) {
    const found = await docker
      .getSecret(secret.name)
      .inspect()
      .catch((error: unknown) => {
        if (statusOf(error) === 404) return undefined;
        throw error;
      });
    if (found === undefined) continue;
    references.push({
      SecretID: found.ID,
      SecretName: secret.name,
      File: { Name: secret.logicalId, UID: '0', GID: '0', Mode: 0o444 },
    });
  }
  return references.length > 0 ? references : undefined;
}
