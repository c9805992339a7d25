import { ErrorCode, RuntreeError } from "../errors.js";
import type { StoreSource } from "../source/store-source.js";

/** The one failure a reader throws for: a store root that is missing or not a folder. */
export async function assertStoreDirectory(source: StoreSource): Promise<void> {
  const kind = await source.kind("");
  if (kind === null) throw new RuntreeError(ErrorCode.StoreNotFound, `Store not found: ${source.root} does not exist.`, { file: source.root });
  if (kind !== "dir") throw new RuntreeError(ErrorCode.StoreNotFound, `Store not found: ${source.root} is not a directory.`, { file: source.root });
}
