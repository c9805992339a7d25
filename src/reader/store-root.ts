import { stat } from "node:fs/promises";
import { ErrorCode, RuntreeError } from "../errors.js";

/** The one failure a reader throws for: a store root that is missing or not a folder. */
export async function assertStoreDirectory(root: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(root)).isDirectory();
  } catch (error) {
    throw new RuntreeError(ErrorCode.StoreNotFound, `Store not found: ${root} does not exist.`, { file: root }, { cause: error });
  }
  if (!isDirectory) throw new RuntreeError(ErrorCode.StoreNotFound, `Store not found: ${root} is not a directory.`, { file: root });
}
