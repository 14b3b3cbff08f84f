/** Throws unless `schema` is a plain lower-case SQL identifier (it is written into SQL unquoted). */
export function assertSchemaName(schema: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`invalid schema name "${schema}": use lower-case letters, digits and underscores`);
  }
}
