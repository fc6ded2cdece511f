// Polls a batch job's status and updates the page until the job is done or failed (no framework needed).
(function () {
  "use strict";
  const box = document.getElementById("job");
  if (!box) return;
  const $ = (id) => document.getElementById(id);

  function show(job) {
    const progress = $("progress");
    if (job.fraction !== null) progress.value = job.fraction;
    const states = {
      queued: "Waiting to start…",
      running: "Screening… " + job.rows + " rows so far.",
      done: "Done: " + job.rows + " rows screened.",
      failed: "Failed.",
    };
    $("job-state").textContent = states[job.state] || job.state;
    $("job-detected").textContent = job.detected;
    if (job.error) { $("job-error").textContent = job.error; $("job-error").hidden = false; }
    if (job.state === "done") { progress.value = 1; $("download").hidden = false; }
    box.dataset.state = job.state;
    if (job.summary) renderSummary(job.summary);
  }

  function renderSummary(summary) {
    const list = $("job-summary");
    const lists = Object.entries(summary.hits_by_list).map(([code, n]) => code + ": " + n).join(", ") || "none";
    const rows = [
      ["Rows", summary.rows], ["Potential matches", summary.potential_matches],
      ["Rows with more matches than they list", summary.more_hits], ["Clear", summary.clear],
      ["Unreadable rows", summary.errors], ["Hits by list", lists],
      ["Time", summary.seconds + " s (" + summary.rate + " rows/s)"],
    ];
    list.replaceChildren();
    for (const [label, value] of rows) {
      const dt = document.createElement("dt"); dt.textContent = label;
      const dd = document.createElement("dd"); dd.textContent = String(value);
      list.append(dt, dd);
    }
    list.hidden = false;
  }

  async function poll() {
    try {
      const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const job = await response.json();
        show(job);
        if (job.state === "done" || job.state === "failed") return;
      }
    } catch (error) { /* a dropped poll is retried below */ }
    setTimeout(poll, 500);
  }

  if (box.dataset.state !== "done" && box.dataset.state !== "failed") poll();
})();
