/* treatykb: run `init` on each page shown: on every page Material's instant navigation
   shows, or else once the document is ready. */
function treatykbOnEachPage(init) {
  "use strict";
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}

/* treatykb: sortable tables. A column heading becomes a button; sorting uses each
   cell's data-sort value when it has one (ISO dates), else its text. */
(function () {
  "use strict";

  function cellKey(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    return cell.getAttribute("data-sort") || cell.textContent.trim();
  }

  function sortBy(table, index, th) {
    var body = table.tBodies[0];
    if (!body) return;
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    var collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true });
    rows.sort(function (a, b) {
      var c = collator.compare(cellKey(a, index), cellKey(b, index));
      return ascending ? c : -c;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function enhance(table) {
    if (table.getAttribute("data-tkb-sortable") === "1" || !table.tHead) return;
    table.setAttribute("data-tkb-sortable", "1");
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, th); });
    });
  }

  function init() {
    document.querySelectorAll("table.tkb-sortable").forEach(enhance);
  }

  treatykbOnEachPage(init);
})();

/* treatykb: copy a citation. The record page's "How to cite" box gets a copy button;
   a numbered paragraph reached by its link (#para-7-b) gets one beside its number, which
   copies that paragraph's citation. Each button has a status line that says, to screen
   readers too, whether the copy worked; where the clipboard cannot be written, the
   citation is selected so that Ctrl+C copies it. */
(function () {
  "use strict";

  function writeClipboard(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "tkb-visually-hidden";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      document.body.removeChild(area);
      if (done) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  function select(element) {
    if (!element) return;
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  /* A button that copies text() and reports in status; texts from the box's data-*. */
  function copyButton(texts, text, status, shown) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "tkb-copy";
    button.textContent = texts.copy;
    button.addEventListener("click", function () {
      status.textContent = "";
      writeClipboard(text()).then(function () {
        status.textContent = texts.copied;
      }, function () {
        status.textContent = texts.failed;
        var selectable = shown;
        if (!selectable) { /* a paragraph's citation is not on the page: show it */
          selectable = document.createElement("samp");
          selectable.className = "tkb-cite-text";
          selectable.textContent = text();
          status.appendChild(document.createTextNode(" "));
          status.appendChild(selectable);
        }
        select(selectable);
      });
    });
    return button;
  }

  /* The copy button of the paragraph the address points to (#para-7-b). When the reader
     has just followed the paragraph's link, focus goes to the button, the next thing
     they will want; a page opened at a paragraph keeps focus where the browser puts it. */
  function paragraphButton(box, texts, focus) {
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    var link = target && target.classList.contains("tkb-para") ? target.querySelector(".tkb-pnum[data-tkb-cite]") : null;
    var old = document.querySelector(".tkb-copy-para");
    if (old && (!link || old.previousSibling !== link)) old.parentNode.removeChild(old);
    if (!link || (old && old.previousSibling === link)) return;
    var holder = document.createElement("span");
    holder.className = "tkb-copy-para";
    var status = document.createElement("span");
    status.className = "tkb-copy-status";
    status.setAttribute("role", "status");
    var button = copyButton(texts, function () { return link.getAttribute("data-tkb-cite"); }, status, null);
    holder.appendChild(button);
    holder.appendChild(status);
    link.parentNode.insertBefore(holder, link.nextSibling);
    if (focus) button.focus();
  }

  function init() {
    var box = document.querySelector(".tkb-cite-box");
    if (!box || box.getAttribute("data-tkb-ready") === "1") return;
    box.setAttribute("data-tkb-ready", "1");
    var texts = {
      copy: box.getAttribute("data-tkb-copy"),
      copied: box.getAttribute("data-tkb-copied"),
      failed: box.getAttribute("data-tkb-copy-failed")
    };
    var citation = box.querySelector(".tkb-cite-text");
    var status = box.querySelector(".tkb-copy-status");
    var button = copyButton(texts, function () { return citation.textContent; }, status, citation);
    citation.parentNode.appendChild(document.createTextNode(" "));
    citation.parentNode.appendChild(button);
    paragraphButton(box, texts, false);
    window.addEventListener("hashchange", function () { paragraphButton(box, texts, true); });
  }

  treatykbOnEachPage(init);
})();

/* treatykb: the theme's section links ("¶" after each heading) are named by their
   heading ("Facts ¶"), in the page's language, rather than by the symbol alone. */
(function () {
  "use strict";
  function init() {
    document.querySelectorAll(".md-typeset a.headerlink").forEach(function (a) {
      var heading = a.parentElement;
      if (heading && heading.id && !a.hasAttribute("aria-labelledby")) a.setAttribute("aria-labelledby", heading.id);
    });
  }
  treatykbOnEachPage(init);
})();
