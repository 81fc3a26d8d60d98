// Fountain's status page: polls this server's JSON every two seconds and fills the page in. No framework, nothing
// loaded from elsewhere. Every value is written as text (never as HTML): endpoints and ids come from the chain, where
// anyone may write anything.
"use strict";
(function () {
  const view = document.body.dataset.view;
  const source = view === "cluster" ? "cluster.json" : "status.json";
  const pollMilliseconds = 2000;

  const bytes = n => {
    const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    let i = 0;
    while (Math.abs(n) >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n.toFixed(0) : n.toFixed(n < 10 ? 2 : 1)) + " " + units[i];
  };
  const count = n => Number(n).toLocaleString("en-US");
  const short = id => id.length > 16 ? id.slice(0, 12) + "…" : id;
  const set = (name, text) => document.querySelectorAll('[data-figure="' + name + '"]').forEach(e => { e.textContent = text; });
  const bar = (used, total) => document.querySelectorAll('[data-figure="used-bar"]').forEach(e => { e.style.width = (total > 0 ? Math.min(100, 100 * used / total) : 0) + "%"; });
  const stateClass = state => "state-" + state.split(" ")[0];

  function cell(row, text, className, title) {
    const td = document.createElement("td");
    td.textContent = text;
    if (className) td.className = className;
    if (title) td.title = title;
    row.appendChild(td);
    return td;
  }

  function fill(table, items, addCells) {
    const body = document.querySelector('[data-table="' + table + '"]');
    const rows = items.map(item => { const row = document.createElement("tr"); addCells(row, item); return row; });
    body.replaceChildren(...rows);
  }

  function artworkRows(artworks, withHeldHere) {
    fill("artworks", artworks, (row, a) => {
      cell(row, short(a.artworkId), "id", a.artworkId);
      cell(row, bytes(a.archiveBytes), "num");
      cell(row, count(a.blocks), "num");
      cell(row, a.ticketRedundancy.toFixed(2), "num");
      cell(row, count(a.holdersPerBlock), "num");
      cell(row, count(a.heals), "num");
      if (withHeldHere) cell(row, count(a.blocksHeldHere), "num");
    });
  }

  function renderNode(s) {
    document.title = "Fountain node " + short(s.nodeId);
    set("node-id", short(s.nodeId));
    set("endpoint", s.endpoint);
    set("chain-height", count(s.chainHeight));
    set("used", bytes(s.storage.usedBytes));
    set("total", bytes(s.storage.totalBytes));
    set("free", bytes(s.storage.freeBytes));
    set("pending", bytes(s.storage.pendingBytes));
    bar(s.storage.usedBytes, s.storage.totalBytes);
    set("blocks-held", count(s.storage.blocksHeld));
    set("quarantined", count(s.quarantined));
    set("challenges-passed", count(s.challenges.passed));
    set("challenges-failed", count(s.challenges.failed));
    set("challenges-abandoned", count(s.challenges.abandoned));
    set("reports-refused", count(s.challenges.reportsRefused));
    set("penalised", count(s.penalisedMembers));
    const self = s.members.find(m => m.id === s.nodeId);
    set("own-state", self ? self.state : "not listed");
    set("heals-mine", count(s.heals.byThisNode));
    set("heals-all", count(s.heals.total));
    set("heal-blocks", count(s.heals.blocksAdded));
    set("holder-reads-refused", count(s.holderReadsRefused));
    const refusals = Object.entries(s.refusals || {}).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
    set("refused-total", count(refusals.reduce((total, [, n]) => total + n, 0)));
    set("refused-kinds", refusals.length === 0 ? "none" : refusals.slice(0, 4).map(([kind, n]) => kind + " " + count(n)).join(" · "));
    set("member-count", count(s.members.length));
    fill("members", s.members, (row, m) => {
      cell(row, short(m.id) + (m.id === s.nodeId ? " (this node)" : ""), "id", m.id);
      cell(row, m.endpoint);
      cell(row, m.state, stateClass(m.state));
      cell(row, Number(m.reputation).toFixed(3), "num");
      cell(row, bytes(m.usedBytes) + " / " + bytes(m.totalBytes), "num");
      cell(row, count(m.lastSeenHeight), "num");
      cell(row, m.penaltyUntilHeight > s.chainHeight ? count(m.penaltyUntilHeight) : "–", "num");
    });
    set("artwork-count", count(s.artworks.length) + (s.artworksTruncated ? "+" : ""));
    artworkRows(s.artworks, true);
  }

  function renderCluster(c) {
    const running = c.nodes.filter(n => n.status);
    const sum = f => running.reduce((total, n) => total + f(n.status), 0);
    const any = running.length > 0 ? running[0].status : null;
    set("chain-url", c.chainUrl);
    set("chain-height", any ? count(any.chainHeight) : "–");
    set("running", count(running.length));
    set("node-count", count(c.nodes.length));
    set("used", bytes(sum(s => s.storage.usedBytes)));
    set("total", bytes(sum(s => s.storage.totalBytes)));
    bar(sum(s => s.storage.usedBytes), sum(s => s.storage.totalBytes));
    set("blocks-held", count(sum(s => s.storage.blocksHeld)));
    set("quarantined", count(sum(s => s.quarantined)));
    set("challenges-passed", count(sum(s => s.challenges.passed)));
    set("challenges-failed", count(sum(s => s.challenges.failed)));
    set("penalised", any ? count(any.penalisedMembers) : "–");
    set("heals-all", any ? count(any.heals.total) : "–");
    fill("nodes", c.nodes, (row, n) => {
      cell(row, String(n.index), "num");
      const s = n.status;
      if (!s) {
        cell(row, "–");
        cell(row, "stopped", "state-stopped");
        for (let i = 0; i < 6; i++) cell(row, "–", "num");
        return;
      }
      const self = s.members.find(m => m.id === s.nodeId);
      const state = self ? self.state : "not listed";
      cell(row, short(s.nodeId), "id", s.nodeId);
      cell(row, state, stateClass(state));
      cell(row, bytes(s.storage.usedBytes) + " / " + bytes(s.storage.totalBytes), "num");
      cell(row, count(s.storage.blocksHeld), "num");
      cell(row, count(s.quarantined), "num");
      cell(row, count(s.challenges.passed) + " / " + count(s.challenges.failed), "num");
      cell(row, count(s.heals.byThisNode), "num");
      const link = cell(row, "");
      if (n.statusUrl) {
        const a = document.createElement("a");
        a.href = n.statusUrl;
        a.textContent = n.statusUrl;
        link.appendChild(a);
      }
    });
    const artworks = any ? any.artworks : [];
    set("artwork-count", count(artworks.length) + (any && any.artworksTruncated ? "+" : ""));
    artworkRows(artworks, false);
  }

  async function poll() {
    const updated = document.querySelector('[data-figure="updated"]').parentElement;
    try {
      const response = await fetch(source, { cache: "no-store" });
      if (!response.ok) throw new Error("HTTP " + response.status);
      const data = await response.json();
      if (view === "cluster") renderCluster(data); else renderNode(data);
      set("updated", "updated " + new Date(data.takenAt).toLocaleTimeString());
      updated.classList.remove("stale");
      document.body.dataset.loaded = "true";
    } catch (e) {
      set("updated", "not reachable (" + e.message + "); retrying");
      updated.classList.add("stale");
    }
    setTimeout(poll, pollMilliseconds);
  }
  poll();
})();
