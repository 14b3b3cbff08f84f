/** Collects the parameters of one statement and names each one (`$1`, `$2`, …). */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds a parameter and returns its placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** The number the next placeholder will have. */
  get next(): number {
    return this.values.length + 1;
  }
}
