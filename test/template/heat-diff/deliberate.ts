import type { Difference } from '../../support/heat-diff.js';

/**
 * The differences from Heat 19's verdict that heatstack keeps on purpose, each listed in the README
 * (*`heatstack validate`*, "Where heatstack's verdict is not Heat's"). A difference that matches none is a defect.
 */
export interface DeliberateDifference {
  readonly name: string;
  readonly matches: (d: Difference) => boolean;
}

export const DELIBERATE: readonly DeliberateDifference[] = [
  {
    // Heat's own code fails with a Python error on input it means to accept or refuse; heatstack does what Heat
    // evidently means (README: "Where Heat itself crashes").
    name: 'Heat crashes (TypeError, AttributeError, KeyError) where heatstack gives an answer',
    matches: (d) => /^(TypeError|AttributeError|KeyError|IndexError): /.test(d.heat.error ?? ''),
  },
];

export function deliberate(d: Difference): DeliberateDifference | undefined {
  return DELIBERATE.find((x) => x.matches(d));
}
