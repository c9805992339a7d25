/** One point of a metric's history, as both readers return it (the key is the history's). */
export interface HistoryPoint {
  readonly step: number;
  readonly value: number;
  readonly timestamp: number;
}

/** Every metric's history of one run, by key. */
export type Histories = ReadonlyMap<string, readonly HistoryPoint[]>;
