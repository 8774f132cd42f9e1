/**
 * A PostgreSQL array literal for ids and codes (uuids, capability ids), passed
 * as one parameter: drizzle would expand a JS array into a row. Only for
 * values made of letters, digits and dashes, which need no quoting.
 */
export function pgArray(values: readonly string[]): string {
  for (const v of values) if (!/^[A-Za-z0-9-]+$/.test(v)) throw new Error(`pgArray: unsafe element ${JSON.stringify(v)}`);
  return `{${values.join(',')}}`;
}
