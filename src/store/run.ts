/**
 * A run being logged by this process. Every log call validates first (a rejected call writes nothing),
 * then hands its data to the OS before it returns: metric points are one `write` to an append-only file,
 * params and tags an atomic rewrite of `run.json`. The metric summary in `run.json` is refreshed on
 * `flush()` and `end()`; until then readers replay `metrics.jsonl`, so nothing logged is ever lost.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ErrorCode, RuntreeError } from "../errors.js";
import { addToSummary } from "../model/metric-summary.js";
import type { MetricSummary } from "../model/run-record.js";
import { FILE, type BestChildFile, type EndStatus, type Objective, type ParamValue, type RunFile, type RunStatus, type SourceFile } from "../format/records.js";
import type { Owner } from "../format/owner.js";
import { dictionary } from "../format/dictionary.js";
import { findBestChild } from "./best-child.js";
import { childLinkPath, syncChildLink, writeChildLink } from "./child-links.js";
import { createRunFolder } from "./run-folder.js";
import { copyArtifact, writeJsonArtifact, writeTextArtifact } from "./run-artifacts.js";
import { MetricsLog } from "./metrics-log.js";
import { checkedRunFile, runFileOf } from "./run-file.js";
import { scoped } from "./scoped.js";
import { trackOpenRun, untrackOpenRun } from "./lifecycle.js";
import { checkEndStatus, checkMetricValue, checkRecord, checkStep, checkTagValue, checkTimestamp, newParams } from "./validate-input.js";
import { writeJsonSync } from "./write-file.js";

export interface MetricOptions {
  /** Integer step; default 0. */
  readonly step?: number;
  /** Milliseconds since the epoch; default now. */
  readonly timestamp?: number;
}

/** What a run starts with; `RunInit` is assembled by `Experiment.startRun`. */
export interface RunInit {
  readonly id: string;
  readonly name: string;
  readonly experiment: string;
  readonly experimentPath: string;
  readonly parentId: string | null;
  readonly startTime: number;
  readonly params: Record<string, ParamValue>;
  readonly tags: Record<string, string>;
  readonly description?: string;
  readonly objective?: Objective;
  readonly source?: SourceFile;
  readonly owner: Owner;
  readonly clock: () => number;
  /** fsync on `end()`/`flush()`; bulk writers (imports, generators) may turn it off. */
  readonly fsync: boolean;
  /** Starts a child run in the same experiment; provided by the experiment. */
  readonly startChild: (parent: Run, options: ChildOptions) => Run;
  /** Resumes a child run of `parent` in the same experiment; provided by the experiment. */
  readonly resumeChild: (parent: Run, id: string) => Promise<Run>;
}

/** What a resumed run carries over from its record (see `resume.ts`); its init holds the rest. */
export interface ResumedState {
  readonly summaries: Readonly<Record<string, MetricSummary>>;
  readonly bestChild: BestChildFile | undefined;
}

/** Options of a child run: those of `startRun` without `parent`. */
export interface ChildOptions {
  readonly name?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly params?: Readonly<Record<string, ParamValue>>;
  readonly description?: string;
  readonly objective?: Objective;
}

export class Run {
  readonly id: string;
  readonly name: string;
  /** The experiment's name. */
  readonly experiment: string;
  readonly parentId: string | null;
  /** Absolute path of the run's folder. */
  readonly dir: string;
  readonly #init: RunInit;
  readonly #params: Record<string, ParamValue>;
  readonly #tags: Record<string, string>;
  readonly #summaries: Record<string, MetricSummary> = dictionary();
  #status: RunStatus = "RUNNING";
  #endTime: number | null = null;
  #bestChild: BestChildFile | undefined;
  readonly #metrics: MetricsLog;

  /**
   * @internal Use `experiment.startRun`, `experiment.run`, `run.startChild` or `run.child`; a run that
   * already exists comes back through `store.resumeRun`, with its `resumed` state.
   */
  constructor(init: RunInit, resumed?: ResumedState) {
    this.#init = init;
    this.id = init.id;
    this.name = init.name;
    this.experiment = init.experiment;
    this.parentId = init.parentId;
    this.dir = join(init.experimentPath, init.id);
    this.#params = dictionary(Object.entries(init.params));
    this.#tags = dictionary(Object.entries(init.tags));
    this.#metrics = new MetricsLog(this.dir, this.id);
    if (resumed) {
      Object.assign(this.#summaries, resumed.summaries);
      this.#bestChild = resumed.bestChild;
      this.#resume();
      return;
    }
    createRunFolder(init.experimentPath, checkedRunFile(this.#record()), this.#parentDir());
    trackOpenRun(this);
  }

  /** Writes the record RUNNING again, owned by this process; its folder and history are already there. */
  #resume(): void {
    const parentDir = this.#parentDir();
    // A run imported from MLflow has no link in its parent's folder: without one, the parent would not
    // count it when it ends again.
    if (parentDir !== undefined && !existsSync(childLinkPath(parentDir, this.id))) writeChildLink(parentDir, this.id);
    this.#writeRunFile(false);
    trackOpenRun(this);
  }

  get status(): RunStatus {
    return this.#status;
  }

  /** Logs one param. Params are immutable: the same value again is a no-op, a different one an error. */
  logParam(key: string, value: ParamValue): void {
    this.logParams({ [key]: value });
  }

  /** Logs several params at once, all or nothing. */
  logParams(params: Readonly<Record<string, ParamValue>>): void {
    this.#assertOpen(Object.keys(params ?? {})[0]);
    const fresh = newParams(this.id, this.#params, params);
    if (fresh.length === 0) return;
    for (const [key, value] of fresh) this.#params[key] = value as ParamValue;
    this.#writeOrUndo(() => fresh.forEach(([key]) => delete this.#params[key]));
  }

  /** Appends one metric point. `step` defaults to 0 and `timestamp` to now. */
  logMetric(key: string, value: number, options: MetricOptions = {}): void {
    this.logMetrics({ [key]: value }, options);
  }

  /** Appends several points that share a step and timestamp, in one write. */
  logMetrics(metrics: Readonly<Record<string, number>>, options: MetricOptions = {}): void {
    this.#assertOpen(Object.keys(metrics ?? {})[0]);
    const entries = Object.entries(checkRecord(this.id, "metrics", metrics));
    const firstKey = entries[0]?.[0] ?? "";
    const step = checkStep(this.id, firstKey, options.step ?? 0);
    const timestamp = checkTimestamp(this.id, firstKey, options.timestamp ?? this.#init.clock());
    const points = entries.map(([key, value]) => ({ key, value: checkMetricValue(this.id, key, value), step, timestamp }));
    if (points.length === 0) return;
    this.#metrics.append(points);
    for (const point of points) this.#summaries[point.key] = addToSummary(this.#summaries[point.key], point);
  }

  setTag(key: string, value: string): void {
    this.setTags({ [key]: value });
  }

  /** Sets several tags at once, all or nothing. Unlike params, tags may change. */
  setTags(tags: Readonly<Record<string, string>>): void {
    this.#assertOpen(Object.keys(tags ?? {})[0]);
    const entries = Object.entries(checkRecord(this.id, "tags", tags)).map(([key, value]) => [key, checkTagValue(this.id, key, value)] as const);
    const before = entries.map(([key]) => [key, Object.hasOwn(this.#tags, key) ? this.#tags[key] : undefined] as const);
    for (const [key, value] of entries) this.#tags[key] = value;
    this.#writeOrUndo(() => {
      for (const [key, old] of before) {
        if (old === undefined) delete this.#tags[key];
        else this.#tags[key] = old;
      }
    });
  }

  /**
   * Copies a local file (or folder) into the run's artifacts.
   * @param artifactPath where it goes inside `artifacts/`, e.g. "plots/loss.png"; default: its base name.
   */
  logArtifact(localPath: string, artifactPath?: string): void {
    this.#assertOpen();
    copyArtifact(this.id, this.dir, localPath, artifactPath);
  }

  /** Writes `text` as the artifact `artifactPath` (UTF-8). */
  logText(text: string, artifactPath: string): void {
    this.#assertOpen();
    writeTextArtifact(this.id, this.dir, text, artifactPath);
  }

  /** Writes `value` as stable, indented JSON to the artifact `artifactPath`. */
  logJson(value: unknown, artifactPath: string): void {
    this.#assertOpen();
    writeJsonArtifact(this.id, this.dir, value, artifactPath);
  }

  /**
   * The step of the latest point of metric `key` (its highest step), or undefined when none was logged: a
   * resumed run continues from here (`for (let step = (run.lastStep("loss") ?? -1) + 1; ...)`).
   */
  lastStep(key: string): number | undefined {
    return Object.hasOwn(this.#summaries, key) ? this.#summaries[key]!.step : undefined;
  }

  /** Resumes a child of this run (ended or abandoned) in this process; see `store.resumeRun`. */
  async resumeChild(id: string): Promise<Run> {
    this.#assertOpen();
    return this.#init.resumeChild(this, id);
  }

  /** Starts a child run in the same experiment. */
  startChild(options: ChildOptions = {}): Run {
    this.#assertOpen();
    return this.#init.startChild(this, options);
  }

  /** Runs `fn` inside a child run: FINISHED when it returns, FAILED (and rethrown) when it throws. */
  async child<T>(options: ChildOptions, fn: (child: Run) => T | Promise<T>): Promise<T> {
    return scoped(this.startChild(options), fn);
  }

  /** Writes the metric summary into `run.json` and syncs both files to disk. */
  async flush(): Promise<void> {
    if (this.#status !== "RUNNING") return;
    this.#writeRunFile(this.#init.fsync);
    if (this.#init.fsync) this.#metrics.sync();
  }

  /** Ends the run (default FINISHED). Ending an ended run does nothing. */
  async end(status: EndStatus = "FINISHED"): Promise<void> {
    this.endSync(status);
  }

  /** @internal The synchronous end, also used when the process is dying. */
  endSync(status: EndStatus): void {
    if (this.#status !== "RUNNING") return;
    checkEndStatus(this.id, status);
    const objective = this.#init.objective;
    if (objective) this.#bestChild = findBestChild(this.#init.experimentPath, this.id, objective);
    if (this.#init.fsync) {
      this.#metrics.sync();
      const parentDir = this.#parentDir();
      if (parentDir !== undefined) syncChildLink(parentDir, this.id);
    }
    this.#status = status;
    this.#endTime = Math.max(this.#init.clock(), this.#init.startTime);
    try {
      this.#writeRunFile(this.#init.fsync);
    } catch (error) {
      // Not ended on disk, so not ended here: the run stays open (and the exit handlers still see it).
      this.#status = "RUNNING";
      this.#endTime = null;
      throw error;
    }
    this.#metrics.close();
    untrackOpenRun(this);
  }

  #assertOpen(key?: string): void {
    if (this.#status === "RUNNING") return;
    const what = key === undefined ? "nothing more can be logged to it" : `cannot log ${JSON.stringify(key)}`;
    throw new RuntreeError(ErrorCode.RunEnded, `Run ${this.id} (${this.name}) has ended (${this.#status}); ${what}.`, {
      run: this.id,
      ...(key !== undefined && { key }),
      expected: "a RUNNING run",
      found: this.#status,
    });
  }

  /** The folder of this run's parent (a sibling of its own), where its child link lives. */
  #parentDir(): string | undefined {
    return this.parentId === null ? undefined : join(this.#init.experimentPath, this.parentId);
  }

  /** Rewrites run.json; when the disk refuses, `undo` takes the change back, so a failed call logged nothing. */
  #writeOrUndo(undo: () => void): void {
    try {
      this.#writeRunFile(false);
    } catch (error) {
      undo();
      throw error;
    }
  }

  #writeRunFile(durable: boolean): void {
    writeJsonSync(join(this.dir, FILE.run), checkedRunFile(this.#record()), durable);
  }

  #record(): RunFile {
    return runFileOf(this.#init, {
      status: this.#status,
      endTime: this.#endTime,
      params: this.#params,
      tags: this.#tags,
      summaries: this.#summaries,
      bestChild: this.#bestChild,
    });
  }
}
