/**
 * MLflow keeps run facts that runtree stores as fields (name, parent, description, source) in `mlflow.*`
 * tags. The three that become fields leave `tags`; the source tags stay too, because MLflow users filter
 * on them (`tags.mlflow.user = 'alice'`).
 */
import type { SourceFile } from "../format/records.js";

export const MlflowTag = {
  runName: "mlflow.runName",
  parentRunId: "mlflow.parentRunId",
  note: "mlflow.note.content",
  user: "mlflow.user",
  sourceName: "mlflow.source.name",
  sourceType: "mlflow.source.type",
  gitCommit: "mlflow.source.git.commit",
  gitBranch: "mlflow.source.git.branch",
  gitRepoUrl: "mlflow.source.git.repoURL",
} as const;

/** Tags whose value moves into a record field (name, parentId, description). */
export const FIELD_TAGS: ReadonlySet<string> = new Set([MlflowTag.runName, MlflowTag.parentRunId, MlflowTag.note]);

const GIT_COMMIT = /^[0-9a-f]{7,64}$/;

/**
 * Source info from a run's MLflow tags, or undefined when there is none. MLflow does not record whether the
 * working tree was dirty, so an imported commit says `dirty: false`.
 */
export function sourceFromTags(tags: Readonly<Record<string, string>>, userId: string | undefined): SourceFile | undefined {
  const script = tags[MlflowTag.sourceName];
  const commit = tags[MlflowTag.gitCommit];
  const branch = tags[MlflowTag.gitBranch];
  const remote = tags[MlflowTag.gitRepoUrl];
  const user = tags[MlflowTag.user] ?? userId;
  const source: SourceFile = {
    ...(script !== undefined && script !== "" && { script }),
    ...(commit !== undefined &&
      GIT_COMMIT.test(commit) && {
        git: {
          commit,
          ...(branch !== undefined && branch !== "" && { branch }),
          dirty: false,
          ...(remote !== undefined && remote !== "" && { remote }),
        },
      }),
    ...(user !== undefined && user !== "" && { user }),
  };
  return Object.keys(source).length > 0 ? source : undefined;
}

/** The MLflow tags that carry a runtree run's source info, for export. */
export function tagsFromSource(source: SourceFile | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  if (source?.script !== undefined) {
    tags[MlflowTag.sourceName] = source.script;
    tags[MlflowTag.sourceType] = "LOCAL";
  }
  if (source?.git !== undefined) {
    tags[MlflowTag.gitCommit] = source.git.commit;
    if (source.git.branch !== undefined) tags[MlflowTag.gitBranch] = source.git.branch;
    if (source.git.remote !== undefined) tags[MlflowTag.gitRepoUrl] = source.git.remote;
  }
  if (source?.user !== undefined) tags[MlflowTag.user] = source.user;
  return tags;
}
