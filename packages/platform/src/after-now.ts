/**
 * Runs `work` so that every caller waits for a run that began after its call, with runs never
 * overlapping and callers sharing them: a call while no run is under way starts one; calls while one is
 * under way (which may have started before what they are reacting to) share the next run, started when
 * the current one ends. N calls in a burst cost one or two runs, not N. A failed run rejects the callers
 * waiting for it; the next call starts afresh.
 */
export class AfterNow {
  #running: Promise<void> | undefined;
  #next: Promise<void> | undefined;

  constructor(private readonly work: () => Promise<void>) {}

  run(): Promise<void> {
    if (!this.#running) {
      const running: Promise<void> = this.work().finally(() => {
        if (this.#running === running) this.#running = undefined;
      });
      this.#running = running;
      return running;
    }
    this.#next ??= this.#running
      .catch(() => undefined)
      .then(() => {
        this.#next = undefined;
        return this.run();
      });
    return this.#next;
  }
}
