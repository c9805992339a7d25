import { randomBytes } from "node:crypto";

/** 32 lowercase hex digits: MLflow's run id shape, so MLflow ids can be kept on import. */
export const RUN_ID = /^[0-9a-f]{32}$/;

let lastMs = -1;
let counter = 0;

/**
 * A UUIDv7-style id without dashes: 48 bits of milliseconds, then a per-process counter seeded at random,
 * then random bits. Ids sort by creation time across machines (to the millisecond) and in creation order
 * within one process; the 62 random bits make collisions between machines negligible.
 */
export function newRunId(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  if (now === lastMs) {
    counter = (counter + 1) & 0xfff;
  } else {
    lastMs = now;
    counter = bytes.readUInt16BE(6) & 0x7ff; // leave room to count up within the millisecond
  }
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  return bytes.toString("hex");
}
