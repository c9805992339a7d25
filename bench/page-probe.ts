/**
 * The stopwatch the page bench puts into every page before the page's own scripts run (Playwright's init
 * script, which the page's Content-Security-Policy does not apply to), so the report itself carries no
 * bench code. All times are `performance.now()` milliseconds, i.e. since the navigation started.
 *
 * "After the frame": a requestAnimationFrame callback runs before the browser lays out and paints, so the
 * probe posts a task from it and reads the clock when that task runs, after the frame was drawn. The task is
 * posted with `scheduler.postTask` at "user-blocking" priority, which runs before the page's ordinary tasks:
 * a timer or message the page queued for after the frame (the table fills in its other rows that way) would
 * otherwise run first and be counted as part of the frame. Where postTask is missing, a message is posted.
 *
 * - `interactive`: the first frame after the runs table is usable, which the page says by showing
 *   `table.runs.interactive` inside `#runtree-runs` with no `aria-busy="true"` on the container.
 * - `complete`: the first frame after every run is loaded (the table's `.load-status` is hidden).
 * - `arm(kind, arg)` then an input, then `settled()`: from the input event's own time stamp (the Enter
 *   keydown or the click, taken as the browser received it) to the first frame after the condition holds:
 *   `rows-under` (a row whose data-parent-id is `arg` exists), `text` (`.match-count` matches the regular
 *   expression `arg`) or `sorted` (the header button `arg` says it sorts).
 */
export const PROBE_SCRIPT = `(() => {
  const probe = { input: null, pending: null, interactive: null, complete: null };
  addEventListener("keydown", (event) => { if (event.key === "Enter") probe.input = event.timeStamp; }, true);
  addEventListener("click", (event) => { probe.input = event.timeStamp; }, true);
  const afterFrame = () => new Promise((resolve) => requestAnimationFrame(() => {
    const read = () => resolve(performance.now());
    if (typeof scheduler !== "undefined" && typeof scheduler.postTask === "function") {
      scheduler.postTask(read, { priority: "user-blocking" });
      return;
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = read;
    channel.port2.postMessage(0);
  }));
  const when = (test) => new Promise((resolve) => {
    let observer = null;
    const check = () => {
      if (!test()) return false;
      if (observer) observer.disconnect();
      afterFrame().then(resolve);
      return true;
    };
    if (!check()) {
      observer = new MutationObserver(check);
      observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    }
  });
  // Cheap first tests: this runs on every batch of DOM mutations while the page parses.
  const usable = () => {
    const box = document.getElementById("runtree-runs");
    return box !== null && box.classList.contains("enhanced") && box.getAttribute("aria-busy") !== "true" &&
      box.querySelector("table.runs.interactive") !== null;
  };
  probe.interactive = when(usable);
  probe.complete = when(() => usable() && document.querySelector("#runtree-runs .load-status[hidden]") !== null);
  const tests = {
    "rows-under": (id) => () => document.querySelector('#runtree-runs tr[data-parent-id="' + id + '"]') !== null,
    text: (pattern) => () => new RegExp(pattern).test(document.querySelector("#runtree-runs .match-count")?.textContent ?? "") && usable(),
    sorted: (column) => () => {
      const button = document.querySelector('#runtree-runs button[data-sort="' + column + '"]');
      const header = button && button.closest("th");
      return header !== null && header.getAttribute("aria-sort") === "ascending";
    },
  };
  probe.arm = (kind, arg) => {
    probe.input = null;
    probe.pending = when(tests[kind](arg)).then((end) => ({ start: probe.input, end }));
  };
  probe.settled = () => probe.pending;
  window.__runtreeBench = probe;
})();`;

/** What `settled()` resolves to: both in ms since navigation; `start` is null when no input was seen. */
export interface Settled {
  readonly start: number | null;
  readonly end: number;
}
