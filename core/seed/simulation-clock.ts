/**
 * A discrete-event simulation over the demo timeline: actions run in time order (ties in the order
 * they were scheduled), each may apply events and schedule later actions. Nothing runs past `end`.
 */
export type SimulationAction = (at: Date) => Promise<void>;

interface Scheduled {
  at: number;
  sequence: number;
  action: SimulationAction;
}

export class SimulationClock {
  private readonly heap: Scheduled[] = [];
  private sequence = 0;
  current: Date;

  constructor(
    readonly start: Date,
    readonly end: Date,
  ) {
    this.current = start;
  }

  /** Schedules an action; past-end actions are dropped (they lie in the future of "now"). */
  schedule(at: Date | number, action: SimulationAction): boolean {
    const time = typeof at === 'number' ? at : at.getTime();
    if (time > this.end.getTime()) return false;
    const item = { at: Math.max(time, this.current.getTime()), sequence: this.sequence++, action };
    this.heap.push(item);
    this.bubbleUp(this.heap.length - 1);
    return true;
  }

  async run(onDay?: (day: Date) => void): Promise<void> {
    let lastDay = -1;
    while (this.heap.length > 0) {
      const next = this.pop();
      this.current = new Date(next.at);
      const day = Math.floor(next.at / 86_400_000);
      if (day !== lastDay) {
        lastDay = day;
        onDay?.(this.current);
      }
      await next.action(this.current);
    }
  }

  get pending(): number {
    return this.heap.length;
  }

  private before(a: Scheduled, b: Scheduled): boolean {
    return a.at < b.at || (a.at === b.at && a.sequence < b.sequence);
  }

  private bubbleUp(index: number): void {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(this.heap[index]!, this.heap[parent]!)) break;
      [this.heap[index], this.heap[parent]] = [this.heap[parent]!, this.heap[index]!];
      index = parent;
    }
  }

  private pop(): Scheduled {
    const top = this.heap[0]!;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      let index = 0;
      for (;;) {
        const left = index * 2 + 1;
        const right = left + 1;
        let smallest = index;
        if (left < this.heap.length && this.before(this.heap[left]!, this.heap[smallest]!)) smallest = left;
        if (right < this.heap.length && this.before(this.heap[right]!, this.heap[smallest]!)) smallest = right;
        if (smallest === index) break;
        [this.heap[index], this.heap[smallest]] = [this.heap[smallest]!, this.heap[index]!];
        index = smallest;
      }
    }
    return top;
  }
}
