/**
 * Keeps one value for a few seconds. Used for data read on every page (settings, the open
 * roles) that changes rarely: each instance may show a change up to `seconds` late, and the
 * instance that made the change clears its own copy at once. `seconds` of 0 turns it off.
 */
export class TtlCache<T> {
  private value: { data: Promise<T>; expires: number; loaded?: { value: T } } | null = null

  constructor(private readonly seconds: number) {}

  get(load: () => Promise<T>, now = Date.now()): Promise<T> {
    if (this.seconds <= 0) return load()
    if (this.value && this.value.expires > now) return this.value.data
    const data = load()
    const entry: { data: Promise<T>; expires: number; loaded?: { value: T } } = { data, expires: now + this.seconds * 1000 }
    this.value = entry
    data.then(
      (value) => void (entry.loaded = { value }),
      () => {},
    )
    // A failed load is not kept.
    data.catch(() => {
      if (this.value?.data === data) this.value = null
    })
    return data
  }

  /** The value, without waiting, if one has loaded and not yet expired. */
  fresh(now = Date.now()): { value: T } | undefined {
    return this.value && this.value.expires > now ? this.value.loaded : undefined
  }

  clear(): void {
    this.value = null
  }
}
