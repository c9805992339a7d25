/**
 * A readable default name for a run started without one, like MLflow's "bald-hog-620": derived from the
 * run id, so it is deterministic and differs between sibling trials.
 */
const ADJECTIVES = [
  "amber", "bold", "brisk", "calm", "clever", "crisp", "dapper", "eager", "fancy", "gentle", "glad", "golden",
  "honest", "jolly", "keen", "lively", "lucky", "merry", "nimble", "polite", "proud", "quiet", "rapid", "shiny",
  "silent", "sunny", "swift", "tidy", "vivid", "wise", "witty", "zesty",
] as const;
const NOUNS = [
  "ant", "bat", "bee", "cat", "crab", "deer", "dove", "duck", "eel", "elk", "finch", "fox", "frog", "goat", "hare",
  "hawk", "ibis", "koi", "lark", "lynx", "mole", "moth", "newt", "owl", "panda", "quail", "seal", "swan", "toad",
  "vole", "wolf", "yak",
] as const;

export function defaultRunName(id: string): string {
  // The random tail of the id, not its time prefix, so runs started together still differ.
  const a = parseInt(id.slice(-2), 16) % ADJECTIVES.length;
  const n = parseInt(id.slice(-4, -2), 16) % NOUNS.length;
  const number = parseInt(id.slice(-7, -4), 16) % 1000;
  return `${ADJECTIVES[a]}-${NOUNS[n]}-${number}`;
}
