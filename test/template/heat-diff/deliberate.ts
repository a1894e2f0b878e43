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
    // Heat 19's `if` with two arguments fails with a Python error when false inside resource properties (its bug);
    // heatstack leaves the item or key out, as Heat means to (README: class 11).
    name: 'a false two-argument if inside resource properties: Heat crashes, heatstack leaves the item out',
    matches: (d) => d.heatstack.valid && /^TypeError: EllipsisType takes no arguments/.test(d.heat.error ?? ''),
  },
  {
    // Heat 19 fails with a Python error on a get_attr attribute name a function computes as None (a false
    // two-argument if); a null written there means every attribute (HOT 2015-10-15), which heatstack reads (README).
    name: 'a get_attr attribute name computed as null: Heat crashes, heatstack reads every attribute',
    matches: (d) => d.heatstack.valid && /^TypeError: 'NoneType' object is not subscriptable/.test(d.heat.error ?? ''),
  },
  {
    // heatstack cannot evaluate yaql (README: a warning says so), so it cannot check the value a yaql expression
    // gives a property; Heat evaluates it and checks it.
    name: 'a property computed by yaql: heatstack warns that it cannot evaluate it, Heat checks the value',
    matches: (d) =>
      d.heatstack.valid &&
      /\byaql\b/.test(d.template) &&
      /^StackValidationFailed: Property error/.test(d.heat.error ?? ''),
  },
  {
    // Heat's `Fn::GetAZs` asks Nova, which an offline Heat cannot reach; heatstack answers `['nova']` (README).
    name: 'Fn::GetAZs: Heat asks Nova (offline: Authorization failed), heatstack answers ["nova"]',
    matches: (d) =>
      d.heatstack.valid && /Fn::GetAZs|get_azs/.test(d.template) && /Authorization failed/.test(d.heat.error ?? ''),
  },
];

export function deliberate(d: Difference): DeliberateDifference | undefined {
  return DELIBERATE.find((x) => x.matches(d));
}
