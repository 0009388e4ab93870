/**
 * A Map that empties itself when it reaches `maxEntries`: a memo whose memory stays
 * bounded however long its owner lives. Clearing all at once (rather than evicting one
 * entry at a time) keeps `set` as cheap as a plain Map's; a memo only loses speed by it.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(readonly maxEntries: number) {
    super();
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
  }

  override set(key: K, value: V): this {
    if (this.size >= this.maxEntries && !this.has(key)) this.clear();
    return super.set(key, value);
  }
}
