/**
 * Public reads that every subscriber of one event makes alike (the published review of a
 * `reviewPublished` event), made once per gateway however many subscribers ask: the first caller's
 * read is shared for `ttlMs`, a failed one is forgotten at once so the next caller tries again.
 */
export class SharedReads {
  readonly #reads = new Map<string, Promise<unknown>>();

  constructor(private readonly ttlMs = 30_000) {}

  once<T>(key: string, read: () => Promise<T>): Promise<T> {
    const known = this.#reads.get(key) as Promise<T> | undefined;
    if (known) return known;
    const started = read();
    this.#reads.set(key, started);
    const forget = () => this.#reads.delete(key);
    started.then(
      () => setTimeout(forget, this.ttlMs).unref(),
      () => forget(),
    );
    return started;
  }
}
