/** Environment for the `git` a test runs: a fresh CI machine has no identity, no global config, no prompt. */
export function testGitEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_AUTHOR_NAME: "Runtree Test",
    GIT_AUTHOR_EMAIL: "test@runtree.invalid",
    GIT_COMMITTER_NAME: "Runtree Test",
    GIT_COMMITTER_EMAIL: "test@runtree.invalid",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_TERMINAL_PROMPT: "0",
    ...extra,
  };
}
