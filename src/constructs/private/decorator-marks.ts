/**
 * The metadata key the app loader's decorator transpiler (`synth/loader/decorator-metadata.ts`) marks a
 * `@parameter` member with when its declared type is one `design:type` cannot tell (a union, none). Its own
 * module: the loader reads it without loading the constructs.
 */
export const AMBIGUOUS_TYPE = 'heatstack:ambiguous-type';
