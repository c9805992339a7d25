/**
 * Which rows are open. A filter opens the ancestors of its matches by itself (`auto`); on top of that the
 * user opens rows (`expanded`) and may close rows the filter opened (`collapsed`). Keeping the three apart
 * is what lets the URL record only the user's choices.
 */
export interface Expansion {
  readonly expanded: Set<string>;
  readonly collapsed: Set<string>;
  /** Ancestors of the current filter's matches; empty without a filter. */
  auto: ReadonlySet<string>;
}

export function isExpanded(state: Expansion, id: string): boolean {
  return (state.expanded.has(id) || state.auto.has(id)) && !state.collapsed.has(id);
}

export function setExpanded(state: Expansion, id: string, open: boolean): void {
  if (open) {
    state.collapsed.delete(id);
    if (!state.auto.has(id)) state.expanded.add(id);
  } else {
    state.expanded.delete(id);
    if (state.auto.has(id)) state.collapsed.add(id);
  }
}

/** A new filter opens a new set of rows: closings made under the old one no longer apply. */
export function setAuto(state: Expansion, auto: ReadonlySet<string>): void {
  state.auto = auto;
  state.collapsed.clear();
}
