/**
 * The runs table's columns. The fixed ones (name, status, start, duration, and the commit when runs
 * record one) are always shown; params,
 * metrics and tags are chosen by the user. A column's id is also its sort key and its name in the URL hash,
 * and for params, metrics, tags and attributes it is the search language's own identifier.
 */
/** The experiment's key lists (sorted): what columns it can show. */
export interface KeyLists {
  readonly paramKeys: readonly string[];
  readonly metricKeys: readonly string[];
  readonly tagKeys: readonly string[];
}

export const ColumnGroup = {
  Attribute: "attribute",
  Param: "param",
  Metric: "metric",
  Tag: "tag",
} as const;
export type ColumnGroup = (typeof ColumnGroup)[keyof typeof ColumnGroup];

export interface Column {
  readonly id: string;
  readonly label: string;
  readonly group: ColumnGroup;
  /** The param/metric/tag key; empty for attributes. */
  readonly key: string;
  /** The key's place in the experiment's list of param, metric or tag keys; -1 for attributes. */
  readonly index: number;
}

const attribute = (id: string, label: string): Column => ({ id, label, group: "attribute", key: "", index: -1 });
export const NAME_COLUMN = attribute("attributes.run_name", "Name");
export const STATUS_COLUMN = attribute("attributes.status", "Status");
export const START_COLUMN = attribute("attributes.start_time", "Start");
export const DURATION_COLUMN = attribute("duration", "Duration");
export const FIXED_COLUMNS: readonly Column[] = [NAME_COLUMN, STATUS_COLUMN, START_COLUMN, DURATION_COLUMN];
/** The commit each run records: short id, dirty mark, branch on hover, a link on a known forge. */
export const COMMIT_COLUMN = attribute("attributes.git_commit", "Commit");

/** The columns always shown: the commit column too when some run of the experiment records a commit. */
export function fixedColumns(data: { readonly hasCommits: boolean }): readonly Column[] {
  return data.hasCommits ? [...FIXED_COLUMNS, COMMIT_COLUMN] : FIXED_COLUMNS;
}

/** A table this wide is still readable; more keys than this start hidden (the chooser shows them all). */
const DEFAULT_PER_GROUP = 8;

/** Every column the chooser offers, grouped params, metrics, tags, each in the data's (sorted) key order. */
export function choosableColumns(keys: KeyLists): readonly Column[] {
  return [
    ...keys.paramKeys.map((key, index): Column => ({ id: `params.${key}`, label: key, group: "param", key, index })),
    ...keys.metricKeys.map((key, index): Column => ({ id: `metrics.${key}`, label: key, group: "metric", key, index })),
    ...keys.tagKeys.map((key, index): Column => ({ id: `tags.${key}`, label: key, group: "tag", key, index })),
  ];
}

/** The columns shown before the user chooses: the first params and metrics; tags only on request. */
export function defaultColumnIds(choosable: readonly Column[]): string[] {
  const params = choosable.filter((c) => c.group === "param").slice(0, DEFAULT_PER_GROUP);
  const metrics = choosable.filter((c) => c.group === "metric").slice(0, DEFAULT_PER_GROUP);
  return [...params, ...metrics].map((c) => c.id);
}

/**
 * The chosen columns in the chooser's order. Ids that name no column of this experiment (a link shared
 * from another experiment, a key that was renamed) are dropped; when a non-empty choice names none at all,
 * the default columns are shown, so a stale link never hides every column. An empty choice (the reader
 * unticked everything) is kept.
 */
export function resolveColumns(choosable: readonly Column[], chosen: readonly string[] | null): Column[] {
  const wanted = new Set(chosen ?? defaultColumnIds(choosable));
  const resolved = choosable.filter((c) => wanted.has(c.id));
  if (chosen !== null && chosen.length > 0 && resolved.length === 0) return resolveColumns(choosable, null);
  return resolved;
}

/** Any column by id, fixed or choosable; undefined for an id this experiment does not have. */
export function findColumn(choosable: readonly Column[], id: string): Column | undefined {
  return [...FIXED_COLUMNS, COMMIT_COLUMN].find((c) => c.id === id) ?? choosable.find((c) => c.id === id);
}
