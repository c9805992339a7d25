/**
 * One long-lived `git cat-file --batch` process that answers blob reads in order: a request is the object
 * id and a newline, an answer is `<id> <type> <size>\n<content>\n` (or `<id> missing\n`). Requests made in
 * the same turn of the event loop go out in one write, and answers stream back as git produces them, so
 * reading ten thousand small files costs one process, not ten thousand.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { SourceReadError } from "./store-source.js";

interface Pending {
  readonly id: string;
  readonly resolve: (content: Buffer) => void;
  readonly reject: (error: Error) => void;
}

export interface BlobReader {
  /** The content of the blob `id`. */
  read(id: string): Promise<Buffer>;
  /** Ends the process once the reads already asked for are answered. */
  close(): Promise<void>;
}

/** Starts `git cat-file --batch` in `repo` on first use. */
export function blobReader(repo: string): BlobReader {
  let child: ChildProcessWithoutNullStreams | undefined;
  let exited: Promise<void> = Promise.resolve();
  const pending: Pending[] = [];
  let outgoing: string[] = [];
  let failure: Error | undefined;
  const parser = answerParser((header, body) => {
    const next = pending.shift();
    if (!next) return;
    if (body === null) next.reject(new SourceReadError("ENOENT", `git has no object ${next.id} (${header})`));
    else next.resolve(body);
  });

  const fail = (error: Error) => {
    failure ??= error;
    for (const request of pending.splice(0)) request.reject(failure);
  };

  const start = (): ChildProcessWithoutNullStreams => {
    const proc = spawn("git", ["-C", repo, "cat-file", "--batch"], { stdio: ["pipe", "pipe", "pipe"] });
    const stderr: Buffer[] = [];
    proc.stdout.on("data", (chunk: Buffer) => parser.push(chunk));
    proc.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    proc.stdin.on("error", (error) => fail(error)); // EPIPE: git died; its exit says why
    exited = new Promise((resolve) => {
      proc.on("error", (error) => {
        fail(new SourceReadError("EGIT", `cannot run git cat-file: ${error.message}`));
        resolve();
      });
      proc.on("close", (code) => {
        if (pending.length > 0) {
          const why = Buffer.concat(stderr).toString("utf8").trim().split("\n")[0] ?? "";
          fail(new SourceReadError("EGIT", `git cat-file --batch stopped (exit ${code}) with reads unanswered: ${why}`));
        }
        resolve();
      });
    });
    return proc;
  };

  const flush = () => {
    const text = outgoing.join("");
    outgoing = [];
    if (text !== "" && child && !failure) child.stdin.write(text);
  };

  return {
    read(id) {
      if (failure) return Promise.reject(failure);
      child ??= start();
      return new Promise<Buffer>((resolve, reject) => {
        pending.push({ id, resolve, reject });
        if (outgoing.length === 0) setImmediate(flush);
        outgoing.push(`${id}\n`);
      });
    },
    async close() {
      if (!child) return;
      flush();
      child.stdin.end();
      await exited;
    },
  };
}

/**
 * Splits the answer stream into objects. A body is gathered as a list of chunks and joined once, so a
 * large blob arriving in many chunks is not copied over and over.
 */
function answerParser(onAnswer: (header: string, body: Buffer | null) => void) {
  let chunks: Buffer[] = [];
  let buffered = 0;
  /** Bytes still to come for the current body, plus its trailing newline; 0 while reading a header. */
  let want = 0;
  let header = "";

  const take = (length: number): Buffer => {
    const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, buffered);
    const out = all.subarray(0, length);
    const rest = all.subarray(length);
    chunks = rest.length > 0 ? [rest] : [];
    buffered = rest.length;
    return out;
  };

  return {
    push(chunk: Buffer) {
      chunks.push(chunk);
      buffered += chunk.length;
      for (;;) {
        if (want === 0) {
          const joined = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, buffered);
          chunks = [joined];
          const newline = joined.indexOf(10);
          if (newline < 0) return;
          header = take(newline + 1).toString("latin1").trimEnd();
          const size = Number(header.split(" ")[2]);
          if (header.endsWith(" missing") || header.endsWith(" ambiguous") || !Number.isSafeInteger(size)) {
            onAnswer(header, null);
            continue;
          }
          want = size + 1;
        }
        if (buffered < want) return;
        const body = take(want);
        want = 0;
        onAnswer(header, body.subarray(0, body.length - 1));
      }
    },
  };
}
