import type { PullPolicy } from '../deploy/docker/index.js';
import { createDockerBackend } from '../deploy/docker-backend.js';
import { DEFAULT_CONCURRENCY, type EngineOptions } from '../deploy/engine/services.js';
import { StateStore } from '../deploy/state/store.js';
import { defaultTemplateServices } from '../deploy/template-services.js';
import type { DeployTarget } from '../template/resource-types/type-module.js';
import { createReporter, type ProgressStream, type Reporter } from './progress.js';

export interface SessionOptions {
  readonly pullPolicy?: PullPolicy;
  readonly concurrency?: number;
  /** Where live progress goes (default: stderr, so stdout keeps only the result). */
  readonly progress?: ProgressStream;
  readonly stateDir?: string;
  /** The state store, when the caller has opened it already (to read the input first). */
  readonly store?: StateStore;
  /** Seconds a suspend gives each container to stop before it is killed (`--stop-timeout`). */
  readonly stopTimeoutSeconds?: number;
  /** Where the stack lives (`stackTarget`): plain Docker unless its record says Swarm. */
  readonly target?: DeployTarget;
}

/**
 * Creates at once on a swarm: a service's create is one cheap call, then a wait on Swarm's scheduler (seconds), so
 * more of them in flight cost the daemon little and save the waits (`swarm-deploy-20`: 18.9 s at 10, 8.5 s at 20,
 * beside the Engine API floor's 7.5 s / 5.2 s; at 50: 8.6 s beside 7.6 s, 1.13×; busy machine, provisional).
 */
const SWARM_CONCURRENCY = 50;

/** The engine wired to Docker, the default state store and a live reporter: what every stack verb runs with. */
export function openSession(options: SessionOptions = {}): { engine: EngineOptions; reporter: Reporter } {
  const reporter = createReporter(options.progress ?? process.stderr);
  const engine: EngineOptions = {
    store: options.store ?? new StateStore(options.stateDir),
    backend: createDockerBackend({
      pullPolicy: options.pullPolicy,
      stopTimeoutSeconds: options.stopTimeoutSeconds,
      target: options.target,
      onNotice: (line) => reporter.notice(line),
    }),
    services: defaultTemplateServices(),
    concurrency: options.concurrency ?? (options.target === 'swarm' ? SWARM_CONCURRENCY : DEFAULT_CONCURRENCY),
    onEvent: (e, r) => reporter.onEvent?.(e, r),
    onProgress: (res, m) => reporter.onProgress?.(res, m),
  };
  return { engine, reporter };
}
