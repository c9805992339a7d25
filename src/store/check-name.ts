/**
 * The rule experiment and run names share: a string of at most 250 characters without control
 * characters. A name is shown in tables, terminals and page titles; a newline in one splits a row of
 * `runtree search`, an escape sequence drives the terminal. The error names the character and where it is,
 * since it is usually invisible in the name as printed.
 */
import { ErrorCode, RuntreeError } from "../errors.js";
import { describe, MAX_NAME_LENGTH } from "../format/keys.js";

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const CALLED: Readonly<Record<string, string>> = {
  "\0": "a NUL character",
  "\t": "a tab",
  "\n": "a line feed",
  "\r": "a carriage return",
  "\u001b": "an escape character",
  "\u007f": "a delete character",
};

/** What is wrong with `name` as an experiment's or a run's name, or null when nothing is. */
export function nameProblem(name: unknown, allowBlank: boolean): string | null {
  if (typeof name !== "string") return `expected a string, got ${describe(name)}`;
  if (!allowBlank && name.trim() === "") return "expected a non-empty name";
  if (name.length > MAX_NAME_LENGTH) return `expected at most ${MAX_NAME_LENGTH} characters, got ${name.length}`;
  const found = CONTROL.exec(name);
  if (found === null) return null;
  const char = found[0];
  const code = `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  const called = Object.hasOwn(CALLED, char) ? `${CALLED[char]} (${code})` : `the control character ${code}`;
  return `it holds ${called} at position ${found.index}; names may not hold control characters`;
}

/**
 * The run's name, checked; "" and undefined mean "pick a default" and pass, unless `required` (a rename).
 * @throws RuntreeError INVALID_NAME naming the run and what is wrong.
 */
export function checkRunName(run: string, name: unknown, required = false): string | undefined {
  if (name === undefined && !required) return undefined;
  const problem = nameProblem(name, !required);
  if (problem === null) return name as string;
  throw new RuntreeError(ErrorCode.InvalidName, `Run ${run}: invalid name ${describe(name)}: ${problem}.`, {
    run,
    expected: `a ${required ? "non-empty " : ""}name of at most ${MAX_NAME_LENGTH} characters without control characters`,
    found: describe(name),
  });
}

/** @throws RuntreeError INVALID_NAME saying what is wrong. */
export function checkExperimentName(name: unknown): string {
  const problem = nameProblem(name, false);
  if (problem === null) return name as string;
  throw new RuntreeError(ErrorCode.InvalidName, `Invalid experiment name ${describe(name)}: ${problem}.`, {
    expected: `a non-empty name of at most ${MAX_NAME_LENGTH} characters without control characters`,
    found: describe(name),
  });
}
