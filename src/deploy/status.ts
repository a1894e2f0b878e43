/**
 * Heat's lifecycle vocabulary: an action (`CREATE`, `DELETE`, …) and how far it got. Stacks and resources share it,
 * and every change of either is an event.
 */

export const ACTIONS = ['CREATE', 'UPDATE', 'DELETE', 'ROLLBACK', 'SUSPEND', 'RESUME', 'CHECK'] as const;
export type Action = (typeof ACTIONS)[number];
export type Progress = 'IN_PROGRESS' | 'COMPLETE' | 'FAILED';
export type Status = `${Action}_${Progress}`;

export function status(action: Action, progress: Progress): Status {
  return `${action}_${progress}`;
}

export function progressOf(s: Status): Progress {
  if (s.endsWith('_IN_PROGRESS')) return 'IN_PROGRESS';
  return s.endsWith('_COMPLETE') ? 'COMPLETE' : 'FAILED';
}

/** One transition of the stack (no `resource`) or of one of its resources. */
export interface StackEvent {
  /** ISO 8601, UTC. */
  readonly time: string;
  /** The logical resource name; absent for the stack itself. */
  readonly resource?: string;
  readonly type?: string;
  readonly physicalId?: string;
  readonly status: Status;
  readonly reason: string;
}
