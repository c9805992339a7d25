/**
 * The parsed form of a filter. Plain, immutable data: it can be logged, compared in tests or cached, and
 * `matchesFilter` interprets it. Keys are stored decoded (no quotes); aliases are already resolved.
 */

/** The run attributes a filter or order-by clause can name (after `attributes.`, or bare). */
export const ATTRIBUTES = ["run_id", "run_name", "status", "start_time", "end_time", "parent_id", "experiment", "git_commit"] as const;
export type AttributeName = (typeof ATTRIBUTES)[number];

/** What a condition looks at: one metric, param or tag by key, or one attribute of the run. */
export type Target =
  | { readonly kind: "metric"; readonly key: string }
  | { readonly kind: "param"; readonly key: string }
  | { readonly kind: "tag"; readonly key: string }
  | { readonly kind: "attribute"; readonly key: AttributeName };

/** A constant on the right-hand side. Numbers keep their source text for string comparisons. */
export type Literal =
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "number"; readonly value: number; readonly text: string };

export type RelationalOp = "=" | "!=" | "<" | "<=" | ">" | ">=";

export type FilterNode =
  /** The empty filter. */
  | { readonly kind: "all" }
  | { readonly kind: "and"; readonly operands: readonly FilterNode[] }
  | { readonly kind: "or"; readonly operands: readonly FilterNode[] }
  | { readonly kind: "not"; readonly operand: FilterNode }
  | { readonly kind: "compare"; readonly target: Target; readonly op: RelationalOp; readonly value: Literal }
  /** LIKE (case-sensitive) or ILIKE: `%` any run of characters, `_` one character, `\` escapes either. */
  | { readonly kind: "like"; readonly target: Target; readonly caseInsensitive: boolean; readonly pattern: string }
  | { readonly kind: "in"; readonly target: Target; readonly negated: boolean; readonly values: readonly Literal[] }
  /** IS NULL (`negated: false`) or IS NOT NULL. */
  | { readonly kind: "null"; readonly target: Target; readonly negated: boolean };
