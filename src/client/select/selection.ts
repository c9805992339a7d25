/**
 * The runs a reader has ticked to compare, in the order they were ticked (the compare page shows its
 * columns in that order). Kept apart from any table: rows come and go as the table pages, sorts and opens,
 * the selection stays. No DOM here.
 */
export interface Selection {
  readonly size: number;
  /** The selected ids, in the order they were selected. */
  ids(): string[];
  has(id: string): boolean;
  /** Selects (`on`) or unselects every id of `ids`; listeners hear once, and only of a change. */
  set(ids: Iterable<string>, on: boolean): void;
  clear(): void;
  /** Called after every change. */
  subscribe(listener: () => void): void;
}

export function createSelection(): Selection {
  // A Set keeps insertion order: the order of selection.
  const chosen = new Set<string>();
  const listeners: Array<() => void> = [];
  const changed = () => {
    for (const listener of listeners) listener();
  };
  return {
    get size() {
      return chosen.size;
    },
    ids: () => [...chosen],
    has: (id) => chosen.has(id),
    set(ids, on) {
      let change = false;
      for (const id of ids) {
        if (on === chosen.has(id)) continue;
        if (on) chosen.add(id);
        else chosen.delete(id);
        change = true;
      }
      if (change) changed();
    },
    clear() {
      if (chosen.size === 0) return;
      chosen.clear();
      changed();
    },
    subscribe: (listener) => void listeners.push(listener),
  };
}
