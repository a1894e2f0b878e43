/** A control character other than the newline that ends a printed line: what printed text must never hold raw. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: exactly the characters that must not be printed
export const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;
