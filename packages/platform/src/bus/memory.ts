import { parseEvent, type RcrEvent } from '@rcr/contracts';
import {
  retryDelay,
  type BusOptions,
  type DeadLetter,
  type EventBus,
  type SubscribeOptions,
} from './port.ts';

interface Member {
  options: SubscribeOptions;
  closed: boolean;
}

/** A consumer group: its members, its position in the log and the waiters for that position. */
class Group {
  readonly members: Member[] = [];
  position = 0;
  #turn = 0;
  #running = false;
  #waiters: { index: number; resolve: () => void }[] = [];

  constructor(
    readonly name: string,
    private readonly bus: MemoryBus,
  ) {}

  /** Resolves once this group has handled (or dead-lettered) the event at `index`, if it has members. */
  waitFor(index: number): Promise<void> {
    if (this.position > index || this.members.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ index, resolve }));
  }

  /** Removes a member; once none is left, the running pump stops at the group's position. */
  leave(member: Member): void {
    const index = this.members.indexOf(member);
    if (index >= 0) this.members.splice(index, 1);
  }

  nextMember(): Member | undefined {
    if (this.members.length === 0) return undefined;
    this.#turn = (this.#turn + 1) % this.members.length;
    return this.members[this.#turn];
  }

  /** Delivers log entries one at a time, in order, while there are members. */
  async pump(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      while (this.position < this.bus.log.length && this.members.length > 0) {
        const handled = await this.bus.deliver(this, this.bus.log[this.position] as RcrEvent);
        if (!handled) break;
        this.position += 1;
        this.#settle();
      }
    } finally {
      this.#running = false;
      if (this.members.length === 0) this.#release();
    }
  }

  #settle() {
    this.#waiters = this.#waiters.filter((w) => (w.index < this.position ? (w.resolve(), false) : true));
  }

  #release() {
    for (const w of this.#waiters) w.resolve();
    this.#waiters = [];
  }
}

/**
 * The in-process bus for embedded mode. It keeps the published log in memory, so a group that subscribes
 * late still receives everything published since start; `publish` resolves when every active group has
 * handled the event, which lets the outbox relay mark rows as sent only once they were consumed — the
 * outbox in the database stays the record of truth across a restart.
 */
export class MemoryBus implements EventBus {
  readonly kind = 'memory';
  readonly log: RcrEvent[] = [];
  readonly #seen = new Map<string, number>();
  readonly #groups = new Map<string, Group>();
  readonly #dead: DeadLetter[] = [];
  #closed = false;

  constructor(private readonly options: BusOptions) {}

  async publish(event: RcrEvent): Promise<void> {
    if (this.#closed) throw new Error('bus closed');
    const valid = parseEvent(event);
    let index = this.#seen.get(valid.id);
    if (index === undefined) {
      index = this.log.push(structuredClone(valid)) - 1;
      this.#seen.set(valid.id, index);
    }
    const groups = [...this.#groups.values()];
    for (const group of groups) void group.pump();
    await Promise.all(groups.map((group) => group.waitFor(index)));
  }

  async subscribe(options: SubscribeOptions) {
    if (this.#closed) throw new Error('bus closed');
    let group = this.#groups.get(options.group);
    if (!group) {
      group = new Group(options.group, this);
      this.#groups.set(options.group, group);
    }
    const member: Member = { options, closed: false };
    group.members.push(member);
    void group.pump();
    const owner = group;
    return {
      close: async () => {
        // Closing twice must not remove another member (indexOf would be -1 and splice(-1) drops the last).
        if (member.closed) return;
        member.closed = true;
        owner.leave(member);
      },
    };
  }

  /** Hands one event to the group's members (round robin), retrying with backoff, then dead-lettering. */
  async deliver(group: Group, event: RcrEvent): Promise<boolean> {
    let lastError = '';
    for (let attempt = 1; attempt <= this.options.maxDeliver; attempt++) {
      const member = group.nextMember();
      if (!member) return false; // every member left: the event stays at the group's position
      if (!member.options.types.includes(event.type)) return true;
      try {
        await member.options.handler(structuredClone(event));
        return true;
      } catch (err) {
        lastError = err instanceof Error ? err.message : String(err);
        if (attempt < this.options.maxDeliver) {
          await new Promise((r) => setTimeout(r, retryDelay(attempt, this.options.retryBaseMs ?? 50)));
        }
      }
    }
    this.#dead.push({
      group: group.name,
      event,
      error: lastError,
      deliveries: this.options.maxDeliver,
      failedAt: new Date().toISOString(),
    });
    return true;
  }

  async deadLetters(group: string): Promise<DeadLetter[]> {
    return this.#dead.filter((d) => d.group === group);
  }

  async ping(): Promise<void> {
    if (this.#closed) throw new Error('bus closed');
  }

  async close(): Promise<void> {
    this.#closed = true;
    // Stop delivering: every member leaves, so running pumps stop after the event in hand.
    for (const group of this.#groups.values()) for (const member of [...group.members]) group.leave(member);
  }
}
