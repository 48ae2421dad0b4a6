/**
 * Whether `value` is one of `values`: narrows what comes from outside the type system (a database
 * row, a query string, a configuration variable) to the union a domain list defines.
 */
export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return values.some((candidate) => candidate === value);
}
