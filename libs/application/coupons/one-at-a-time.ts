/**
 * Runs work for one key at a time within this process, in arrival order; work for other keys runs
 * freely. Redemptions of one account queue behind each other, so that a double-click's second
 * request sees the first one's discount instead of taking a unit of the coupon only to give it
 * back. Across processes the stores' expected revisions still decide; this only spares the churn.
 */
export class OneAtATime {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    // The last one out removes the key, so the map only holds keys with work in flight.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
