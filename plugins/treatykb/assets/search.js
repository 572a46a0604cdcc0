/* treatykb: the search page.

   One page per interface language. The query and the ticked filters live in the URL
   (?q=...&country=PHL&type=case), so a search can be shared and the back button works.
   Two engines answer the same questions:
   - online, Pagefind: one bundle per language under pagefind/<lang>/, fetched chunk by
     chunk as queries need them;
   - offline (the zip opened from disk, where fetch() and modules are not allowed): lunr
     indexes loaded as <script> files, one per language, built at build time.
   A citation in the query ("art. 24", "article 24", "第24条", "第二十四条") puts the
   article's page first. */
(function () {
  "use strict";

  var configEl = document.getElementById("tkb-search-config");
  if (!configEl) return;
  var cfg = JSON.parse(configEl.textContent);
  var S = cfg.strings;
  var FACETS = cfg.facets.map(function (f) { return f[0]; });
  var PAGE = 10;
  var SHOWN_VALUES = 8;

  var input = document.getElementById("tkb-q");
  var form = input.form;
  var facetsEl = document.getElementById("tkb-facets");
  var statusEl = document.getElementById("tkb-status");
  var resultsEl = document.getElementById("tkb-results");
  var moreEl = document.getElementById("tkb-more");
  var hintEl = document.getElementById("tkb-hint");

  var rootUrl = new URL(cfg.root, location.href);
  var offline = location.protocol === "file:";

  var state = { q: "", filters: {}, langs: null, sort: "relevance" };
  var expanded = {};
  var seq = 0;
  var stream = null;

  // ---- text helpers --------------------------------------------------------------------

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function langAttrs(lang) {
    if (!lang || lang === cfg.lang) return "";
    var dir = lang === "ar" ? ' dir="rtl"' : cfg.lang === "ar" ? ' dir="ltr"' : "";
    return ' lang="' + esc(lang) + '"' + dir;
  }

  /** A facet value's label in the page's language (or English, marked as such). */
  function label(facet, value) {
    if (facet === "year") return esc(value);
    var known = (cfg.labels[facet] || {})[value];
    if (!known) return esc(value);
    return "<span" + langAttrs(known[1]) + ">" + esc(known[0]) + "</span>";
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }

  // ---- citations in the query ----------------------------------------------------------

  var ZH_DIGITS = { "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9 };

  function zhNumber(s) {
    if (/^[0-9０-９]+$/.test(s)) {
      return parseInt(s.replace(/[０-９]/g, function (d) { return String(d.charCodeAt(0) - 0xff10); }), 10);
    }
    var total = 0, digit = 0;
    for (var i = 0; i < s.length; i++) {
      var ch = s[i];
      if (ch in ZH_DIGITS) digit = ZH_DIGITS[ch];
      else if (ch === "十") { total += (digit || 1) * 10; digit = 0; }
      else if (ch === "百") { total += (digit || 1) * 100; digit = 0; }
      else return NaN;
    }
    return total + digit;
  }

  var ARTICLE_PATTERNS = [
    /(?:^|[^\p{L}])(?:art(?:icle|ículo|iculo)?s?\.?|ст(?:атья|\.)?|المادة)\s*([0-9\u0660-\u0669]{1,3})(?![0-9])/iu,
    /第\s*([0-9０-９]{1,3}|[〇零一二两三四五六七八九十百]{1,6})\s*条/u
  ];
  var INSTRUMENT_WORDS = [
    ["tip", /traffick|贩运人口|人口贩运|traite des personnes|trata de personas|торговл|الاتجار بالأشخاص/iu],
    ["som", /smuggl|偷运移民|trafic illicite de migrants|tráfico ilícito de migrantes|незаконн\S* ввоз|تهريب المهاجرين/iu],
    ["fp", /firearm|枪支|armes à feu|armas de fuego|огнестрельн|الأسلحة النارية/iu]
  ];

  /** The article a query cites: its code ("untoc 24") and the query's other words, or
      null. The citation becomes a filter (records that cite the article) and the
      article's page comes first. */
  function citedArticle(q) {
    var number = NaN, rest = q;
    for (var i = 0; i < ARTICLE_PATTERNS.length && isNaN(number); i++) {
      var m = ARTICLE_PATTERNS[i].exec(q);
      if (m) {
        var digits = m[1].replace(/[\u0660-\u0669]/g, function (d) { return String(d.charCodeAt(0) - 0x0660); });
        number = i === 0 ? parseInt(digits, 10) : zhNumber(digits);
        rest = q.slice(0, m.index) + " " + q.slice(m.index + m[0].length);
      }
    }
    if (isNaN(number)) return null;
    var instrument = "untoc";
    INSTRUMENT_WORDS.forEach(function (w) {
      if (w[1].test(q)) { instrument = w[0]; rest = rest.replace(w[1], " "); }
    });
    var code = instrument + " " + number;
    if (!cfg.articles[code]) code = "untoc " + number;
    if (!cfg.articles[code]) return null;
    rest = rest.replace(/(?:^|\s)(?:of|the|de|du|la|del|protocol|protocole|protocolo|议定书|《|》)(?=\s|$)/giu, " ").trim();
    return { code: code, rest: rest };
  }

  /** Languages a query's script implies: a Chinese query on the English page also
      searches the Chinese pages. */
  function impliedLangs(q) {
    var langs = [cfg.lang];
    [["zh", /[\u3400-\u9fff]/], ["ar", /[\u0600-\u06ff]/], ["ru", /[\u0400-\u04ff]/]].forEach(function (p) {
      if (p[1].test(q) && langs.indexOf(p[0]) < 0) langs.push(p[0]);
    });
    return langs;
  }

  function activeLangs() {
    return state.langs || impliedLangs(state.q);
  }

  // ---- URL state -----------------------------------------------------------------------

  function readUrl() {
    var params = new URLSearchParams(location.search);
    state.q = params.get("q") || "";
    state.filters = {};
    FACETS.forEach(function (f) {
      var values = params.getAll(f).filter(Boolean);
      if (values.length) state.filters[f] = values;
    });
    var langs = params.getAll("lang").filter(function (l) { return cfg.languages.indexOf(l) >= 0; });
    state.langs = langs.length ? langs : null;
    state.sort = params.get("sort") === "newest" ? "newest" : "relevance";
  }

  function writeUrl() {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FACETS.forEach(function (f) { (state.filters[f] || []).forEach(function (v) { params.append(f, v); }); });
    (state.langs || []).forEach(function (l) { params.append("lang", l); });
    if (state.sort === "newest") params.set("sort", "newest");
    var query = params.toString();
    var url = location.pathname + (query ? "?" + query : "") + location.hash;
    try {
      history.replaceState(null, "", url);
    } catch (e) {
      /* file:// may refuse; the search still works */
    }
  }

  function hasFilters() {
    return Object.keys(state.filters).some(function (f) { return state.filters[f].length; });
  }

  // ---- engine: Pagefind ----------------------------------------------------------------

  // Two Pagefind instances per language, each with its own worker (the module imported a
  // second time under another URL): one answers queries, the other counts facet values.
  // Once a bundle's whole filter index is loaded, every search also counts every facet,
  // which on a large site costs several times the search itself; so the instance that
  // answers loads only the filters a search uses, and the counting never delays results.
  var pagefinds = {};

  function pagefind(lang, role) {
    var key = lang + "/" + role;
    if (!pagefinds[key]) {
      var url = new URL("pagefind/" + lang + "/pagefind.js" + (role === "counts" ? "?counts" : ""), rootUrl).href;
      pagefinds[key] = import(url).then(function (pf) {
        // Answers on the page's own thread: a worker's answer to a large search spends
        // longer in transit than in the search. Counting stays in its worker.
        var options = { baseUrl: rootUrl.pathname, excerptLength: 24, noWorker: role !== "counts" };
        // init() starts fetching the bundle's entry, metadata and WebAssembly now, not at
        // the first search or preload.
        return pf.options(options).then(function () {
          pf.init().catch(function () {}); // a failure shows at the first search
          return latestOnly(pf, lang);
        });
      });
    }
    return pagefinds[key];
  }

  var SUPERSEDED = { superseded: true };

  var SEGMENTED = { zh: true }; // languages written without spaces (of the six)
  var segmenters = {};

  function wordSegmenter(lang) {
    if (!SEGMENTED[lang] || typeof Intl === "undefined" || !Intl.Segmenter) return null;
    return segmenters[lang] || (segmenters[lang] = new Intl.Segmenter(lang, { granularity: "word" }));
  }

  /** A query for a bundle in a language written without spaces, cut into words as that
      bundle's index was. Pagefind cuts a query itself only when the page's <html lang> is
      that language: a Chinese query on the English page would otherwise reach the Chinese
      index as one unknown word and match only its longest known prefix (证人保护 as
      证人 alone). */
  function segmented(lang, q) {
    var segmenter = q && lang !== cfg.lang ? wordSegmenter(lang) : null;
    if (!segmenter) return q;
    var words = [];
    for (var it = segmenter.segment(q)[Symbol.iterator](), s = it.next(); !s.done; s = it.next()) {
      if (s.value.isWordLike) words.push(s.value.segment);
    }
    if (!words.length) return q;
    // A quoted query asks for the exact phrase: the quotes stay around it.
    return /^\s*".+"\s*$/.test(q) ? '"' + words.join(" ") + '"' : words.join(" ");
  }

  /** One search at a time per instance, and of those waiting only the newest: a worker
      answers in order, so searches for every prefix typed would queue before the last. */
  function latestOnly(pf, lang) {
    var running = false;
    var waiting = null;
    function start(job) {
      running = true;
      pf.search(job.q, job.options).then(job.resolve, job.reject).then(function () {
        running = false;
        var next = waiting;
        waiting = null;
        if (next) start(next);
      });
    }
    return {
      preload: function (q) { return pf.preload(segmented(lang, q)); },
      filters: function () { return pf.filters(); },
      search: function (q, options) {
        return new Promise(function (resolve, reject) {
          var job = { q: segmented(lang, q), options: options, resolve: resolve, reject: reject };
          if (!running) { start(job); return; }
          if (waiting) waiting.resolve(SUPERSEDED);
          waiting = job;
        });
      }
    };
  }

  // The counting instance loads the whole filter index (the largest part of a first
  // query on a big site), after the results are shown.
  var filterIndexes = {};

  function loadFilters(lang) {
    if (!filterIndexes[lang]) filterIndexes[lang] = pagefind(lang, "counts").then(function (pf) { return pf.filters(); });
    return filterIndexes[lang];
  }

  function pagefindFilters(filters) {
    var out = {};
    Object.keys(filters).forEach(function (f) {
      if (filters[f].length) out[f] = { any: filters[f] };
    });
    return out;
  }

  function pagefindSearch(lang, q, filters, sort, role) {
    return pagefind(lang, role || "results").then(function (pf) {
      var options = { filters: pagefindFilters(filters) };
      if (sort === "newest") options.sort = { date: "desc" };
      return pf.search(q || null, options);
    }).then(function (found) {
      if (found === SUPERSEDED) return null;
      return {
        lang: lang,
        total: found.results.length,
        counts: found.filters || {},
        results: found.results.map(function (r) {
          return {
            score: r.score,
            data: function () {
              return r.data().then(function (d) {
                return { url: d.url, title: d.meta.title, excerpt: d.excerpt, meta: d.meta };
              });
            }
          };
        })
      };
    });
  }

  // ---- engine: lunr (offline edition) --------------------------------------------------

  var scripts = {};

  function loadScript(src) {
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve, reject) {
        var el = document.createElement("script");
        el.src = src;
        el.onload = resolve;
        el.onerror = function () { reject(new Error("cannot load " + src)); };
        document.head.appendChild(el);
      });
    }
    return scripts[src];
  }

  var lunrIndexes = {};

  function offlineIndex(lang) {
    if (!lunrIndexes[lang]) {
      var dir = new URL(cfg.offline_dir + "/", rootUrl).href;
      lunrIndexes[lang] = loadScript(dir + "lunr.js").then(function () {
        return loadScript(dir + lang + ".js");
      }).then(function () {
        var data = window.TKB_OFFLINE[lang];
        var index = window.lunr.Index.load(data.index);
        return { index: index, docs: data.docs, vocab: index.invertedIndex };
      });
    }
    return lunrIndexes[lang];
  }

  var CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

  /** Query words as the index has them: Chinese runs cut by longest match against the
      index's own vocabulary (the same words jieba made at build time), other scripts
      split at anything that is not a letter or digit. */
  function queryTokens(q, vocab) {
    var tokens = [];
    (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).forEach(function (run) {
      var i = 0, latin = "";
      while (i < run.length) {
        if (!CJK.test(run[i])) { latin += run[i]; i++; continue; }
        if (latin) { tokens.push(latin); latin = ""; }
        var j = Math.min(run.length, i + 8);
        while (j > i + 1 && !(run.slice(i, j) in vocab)) j--;
        tokens.push(run.slice(i, j));
        i = j;
      }
      if (latin) tokens.push(latin);
    });
    return tokens;
  }

  function matchesFilters(doc, filters) {
    return Object.keys(filters).every(function (f) {
      var wanted = filters[f];
      if (!wanted.length) return true;
      var have = doc.f[f] || [];
      return wanted.some(function (v) { return have.indexOf(v) >= 0; });
    });
  }

  function lunrSearch(lang, q, filters, sort) {
    return offlineIndex(lang).then(function (ix) {
      var lunr = window.lunr;
      var hits;
      var tokens = queryTokens(q, ix.vocab);
      if (!tokens.length) {
        hits = ix.docs.map(function (_, i) { return { ref: String(i), score: 0 }; });
      } else {
        hits = ix.index.query(function (query) {
          tokens.forEach(function (t, n) {
            var last = n === tokens.length - 1;
            var exact = lang === "en" ? lunr.stemmer(new lunr.Token(t)).toString() : t;
            if (exact in ix.vocab) {
              query.term(t, { presence: lunr.Query.presence.REQUIRED, usePipeline: lang === "en", boost: 10 });
            } else if (last) {
              query.term(t, { presence: lunr.Query.presence.REQUIRED, usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
            } else {
              query.term(t, { presence: lunr.Query.presence.REQUIRED, usePipeline: false });
            }
          });
        });
      }
      var docs = [];
      var counts = {};
      hits.forEach(function (h) {
        var doc = ix.docs[Number(h.ref)];
        if (!matchesFilters(doc, filters)) return;
        docs.push({ doc: doc, score: h.score });
        Object.keys(doc.f).forEach(function (f) {
          counts[f] = counts[f] || {};
          doc.f[f].forEach(function (v) { counts[f][v] = (counts[f][v] || 0) + 1; });
        });
      });
      if (sort === "newest" || !tokens.length) {
        docs.sort(function (a, b) { return (b.doc.d || "").localeCompare(a.doc.d || ""); });
      }
      return {
        lang: lang,
        total: docs.length,
        counts: counts,
        results: docs.map(function (x) {
          var d = x.doc;
          return {
            score: x.score,
            data: function () {
              return Promise.resolve({
                url: new URL(d.u, rootUrl).href,
                title: d.t,
                excerpt: highlight(d.s || "", tokens),
                meta: { type: d.f.type[0], date: d.d, country: (d.f.country || [])[0], lang: lang, article: (d.f.article || [])[0] }
              });
            }
          };
        })
      };
    });
  }

  /** The summary's opening with query words marked, as Pagefind marks its excerpts. */
  function highlight(text, tokens) {
    var html = esc(text);
    tokens.filter(function (t) { return t.length > 1 || CJK.test(t); }).forEach(function (t) {
      var pattern = new RegExp("(" + t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ")", "giu");
      html = html.replace(pattern, "<mark>$1</mark>");
    });
    return html;
  }

  var searchOne = offline ? lunrSearch : pagefindSearch;

  // ---- merging languages and paging -----------------------------------------------------

  /** Results of several languages as one list: by score, or newest first. Data is
      fetched only for the results shown. */
  function Stream(answers, sort) {
    this.queues = answers.map(function (a) { return { lang: a.lang, items: a.results.slice(), head: null }; });
    this.sort = sort;
  }

  /** Up to n results, each a function that fetches its data. */
  Stream.prototype.take = function (n) {
    var self = this, out = [];
    if (this.sort === "newest" && this.queues.filter(function (q) { return q.items.length; }).length > 1) {
      var chain = Promise.resolve();
      for (var i = 0; i < n && this.queues.some(function (q) { return q.items.length; }); i++) {
        var next = chain.then(function () { return self.next(); });
        chain = next;
        out.push(function (p) { return function () { return p; }; }(next));
      }
      return out;
    }
    while (out.length < n) {
      var live = this.queues.filter(function (q) { return q.items.length; });
      if (!live.length) break;
      var best = live.reduce(function (a, b) { return b.items[0].score > a.items[0].score ? b : a; });
      out.push(function (queue, item) {
        return function () { return item.data().then(function (d) { d.lang = queue.lang; return d; }); };
      }(best, best.items.shift()));
    }
    return out;
  };

  Stream.prototype.hasMore = function () {
    return this.queues.some(function (q) { return q.items.length; });
  };

  Stream.prototype.next = function () {
    var self = this;
    var live = this.queues.filter(function (q) { return q.items.length; });
    if (!live.length) return Promise.resolve(null);
    if (this.sort !== "newest" || live.length === 1) {
      var best = live.reduce(function (a, b) {
        return (self.sort !== "newest" && b.items[0].score > a.items[0].score) ? b : a;
      });
      var item = best.items.shift();
      return item.data().then(function (d) { d.lang = best.lang; return d; });
    }
    return Promise.all(live.map(function (q) {
      if (!q.head) q.head = q.items[0].data();
      return q.head;
    })).then(function (heads) {
      var pick = 0;
      heads.forEach(function (h, i) { if ((h.meta.date || "") > (heads[pick].meta.date || "")) pick = i; });
      var queue = live[pick];
      queue.items.shift();
      queue.head = null;
      heads[pick].lang = queue.lang;
      return heads[pick];
    });
  };

  // ---- rendering -----------------------------------------------------------------------

  function resultHtml(d) {
    var meta = d.meta || {};
    var bits = ['<span class="tkb-result-type">' + label("type", meta.type) + "</span>"];
    if (meta.date) bits.push('<span class="tkb-date">' + esc(meta.date) + "</span>");
    if (meta.country && cfg.labels.country[meta.country]) bits.push("<span>" + label("country", meta.country) + "</span>");
    bits.push("<span>" + label("lang", d.lang) + "</span>");
    var attrs = langAttrs(d.lang);
    return '<li class="tkb-result" data-lang="' + esc(d.lang) + '">' +
      '<a class="tkb-result-title" href="' + esc(d.url) + '"' + attrs + (d.lang !== cfg.lang ? ' hreflang="' + esc(d.lang) + '"' : "") + ">" + esc(d.title || d.url) + "</a>" +
      '<p class="tkb-result-meta">' + bits.join("") + "</p>" +
      (d.excerpt ? '<p class="tkb-result-snippet"' + attrs + ">" + d.excerpt + "</p>" : "") +
      "</li>";
  }

  /** From disk a folder is not a page: name its index.html. */
  function fileSafe(url) {
    return offline && /\/$/.test(url) ? url + "index.html" : url;
  }

  function pinnedHtml(code) {
    var a = cfg.articles[code];
    var title = a.title ? ": <span" + langAttrs(a.title[1]) + ">" + esc(a.title[0]) + "</span>" : "";
    // A title not yet sourced in the page's language says which language it is in.
    if (a.title && a.title[1] !== cfg.lang) title += ' <span class="tkb-lang-note">(' + label("lang", a.title[1]) + ")</span>";
    return '<li class="tkb-result tkb-pinned" data-article="' + esc(code) + '">' +
      '<a class="tkb-result-title" href="' + esc(fileSafe(new URL(a.url, location.href).href)) + '">' + esc(a.label) + title + "</a>" +
      '<p class="tkb-result-meta"><span class="tkb-result-type">' + esc(S.article_hit) + "</span></p></li>";
  }

  /** The next page of results. By relevance, the page's results are chosen by score
      and their data fetched all at once; newest first across languages needs each
      head's date, so those come one by one. A new search passes `fresh`, the list's new
      beginning: the previous results stay until the new page replaces them at once. */
  function showMore(mySeq, pinned, fresh) {
    moreEl.hidden = true;
    var items = stream.take(PAGE);
    return Promise.all(items.map(function (x) { return x(); })).then(function (page) {
      if (mySeq !== seq) return;
      var html = page.filter(function (d) {
        var meta = d && d.meta || {};
        return d && !(pinned && meta.type === "article" && meta.article === pinned && d.lang === cfg.lang);
      }).map(resultHtml).join("");
      if (fresh === undefined) resultsEl.insertAdjacentHTML("beforeend", html);
      else resultsEl.innerHTML = fresh + html;
      moreEl.hidden = !stream.hasMore();
    });
  }

  function facetValues(facet, counts) {
    var values = Object.keys(counts[facet] || {}).filter(function (v) { return counts[facet][v] > 0; });
    (state.filters[facet] || []).forEach(function (v) { if (values.indexOf(v) < 0) values.push(v); });
    var order = Object.keys(cfg.labels[facet] || {});
    values.sort(function (a, b) {
      if (facet === "year") return b.localeCompare(a);
      if (facet === "article") return order.indexOf(a) - order.indexOf(b);
      return ((counts[facet] || {})[b] || 0) - ((counts[facet] || {})[a] || 0) || a.localeCompare(b);
    });
    return values;
  }

  function renderFacets(counts, totals, implicit) {
    var html = [];
    var langs = activeLangs();
    html.push('<fieldset data-facet="lang"><legend>' + esc(S.languages) + "</legend>" +
      cfg.languages.map(function (l) {
        var n = totals[l] === undefined ? "" : ' <span class="tkb-count">' + totals[l] + "</span>";
        return '<label><input type="checkbox" data-facet="lang" value="' + l + '"' + (langs.indexOf(l) >= 0 ? " checked" : "") + "> " +
          label("lang", l) + n + "</label>";
      }).join("") + "</fieldset>");
    cfg.facets.forEach(function (pair) {
      var facet = pair[0];
      var values = facetValues(facet, counts);
      if (implicit && implicit.facet === facet && values.indexOf(implicit.value) < 0) values.unshift(implicit.value);
      if (!values.length) return;
      var selected = (state.filters[facet] || []).slice();
      if (implicit && implicit.facet === facet && selected.indexOf(implicit.value) < 0) selected.push(implicit.value);
      var visible = expanded[facet] ? values : values.slice(0, SHOWN_VALUES);
      selected.forEach(function (v) { if (visible.indexOf(v) < 0) visible.push(v); });
      html.push('<fieldset data-facet="' + facet + '"><legend>' + esc(pair[1]) + "</legend>" +
        visible.map(function (v) {
          var n = (counts[facet] || {})[v] || 0;
          var fixed = implicit && implicit.facet === facet && implicit.value === v;
          return '<label><input type="checkbox" data-facet="' + facet + '" value="' + esc(v) + '"' + (selected.indexOf(v) >= 0 ? " checked" : "") + (fixed ? " disabled" : "") + "> " +
            "<span>" + label(facet, v) + '</span> <span class="tkb-count">' + n + "</span></label>";
        }).join("") +
        (values.length > visible.length ? '<button type="button" class="tkb-facet-more" data-expand="' + facet + '">' + esc(S.show_all) + " (" + values.length + ")</button>" : "") +
        "</fieldset>");
    });
    html.push('<fieldset data-facet="sort"><legend>' + esc(S.sort) + "</legend>" +
      ["relevance", "newest"].map(function (s) {
        return '<label><input type="radio" name="tkb-sort" value="' + s + '"' + (state.sort === s ? " checked" : "") + "> " + esc(S[s]) + "</label>";
      }).join("") + "</fieldset>");
    if (hasFilters()) html.push('<button type="button" class="tkb-clear">' + esc(S.clear) + "</button>");
    var keep = focusedControl();
    facetsEl.innerHTML = html.join("");
    if (keep) restoreFocus(keep);
  }

  /* The facets are drawn anew with each answer: a keyboard user who just ticked one
     keeps focus on it (or, if it went, on its group, then on the first control). */
  function focusedControl() {
    var el = document.activeElement;
    if (!el || !facetsEl.contains(el)) return null;
    var facet = el.getAttribute("data-facet") || el.getAttribute("data-expand") || (el.closest("fieldset") || el).getAttribute("data-facet");
    var exact = null;
    if (el.classList.contains("tkb-clear")) exact = ".tkb-clear";
    else if (el.tagName === "INPUT" && el.name) exact = 'input[name="' + CSS.escape(el.name) + '"][value="' + CSS.escape(el.value) + '"]';
    else if (el.tagName === "INPUT") exact = 'input[data-facet="' + CSS.escape(facet || "") + '"][value="' + CSS.escape(el.value) + '"]';
    return { exact: exact, facet: facet };
  }

  function restoreFocus(keep) {
    var again = (keep.exact && facetsEl.querySelector(keep.exact)) ||
      (keep.facet && facetsEl.querySelector('fieldset[data-facet="' + CSS.escape(keep.facet) + '"] input:not([disabled])')) ||
      facetsEl.querySelector("input:not([disabled]), button");
    if (again) again.focus();
  }

  function addCounts(into, counts) {
    Object.keys(counts).forEach(function (f) {
      into[f] = into[f] || {};
      Object.keys(counts[f]).forEach(function (v) { into[f][v] = (into[f][v] || 0) + counts[f][v]; });
    });
  }

  // ---- running a search ----------------------------------------------------------------

  function run() {
    var mySeq = ++seq;
    var q = state.q.trim();
    resultsEl.setAttribute("aria-busy", "true");
    if (!q && !hasFilters()) {
      writeUrl();
      resultsEl.innerHTML = "";
      statusEl.textContent = "";
      moreEl.hidden = true;
      facetsEl.innerHTML = "";
      if (hintEl) hintEl.hidden = false;
      resultsEl.removeAttribute("aria-busy");
      return Promise.resolve();
    }
    if (hintEl) hintEl.hidden = true;
    statusEl.textContent = S.loading;
    var langs = activeLangs();
    var cited = q ? citedArticle(q) : null;
    var pinned = cited ? cited.code : null;
    var filters = state.filters;
    var text = q;
    if (cited) {
      filters = JSON.parse(JSON.stringify(state.filters));
      filters.article = (filters.article || []).concat([cited.code]);
      text = cited.rest;
    }
    return Promise.all(langs.map(function (l) { return searchOne(l, text, filters, state.sort); })).then(function (answers) {
      if (mySeq !== seq || answers.indexOf(null) >= 0) return;
      var counts = {}, totals = {}, total = 0;
      answers.forEach(function (a) { addCounts(counts, a.counts); totals[a.lang] = a.total; total += a.total; });
      stream = new Stream(answers, state.sort);
      // The results first; the URL and the facets (a layout of their own) after them.
      return showMore(mySeq, pinned, pinned ? pinnedHtml(pinned) : "").then(function () {
        if (mySeq !== seq) return;
        writeUrl();
        renderFacets(counts, totals, cited ? { facet: "article", value: cited.code } : null);
        statusEl.textContent = total || pinned ? fill(S.results, { n: total }) : S.no_results;
        resultsEl.removeAttribute("aria-busy");
        if (offline) {
          document.documentElement.setAttribute("data-tkb-searched", String(mySeq));
          return;
        }
        // Now the counts, from the other instance, while the reader looks at the results;
        // not while they are still typing: the whole filter index (300 KB at 20,000
        // records) and a count that takes longer than the search would be spent on a
        // query already replaced, beside the search for the next one.
        return new Promise(function (resolve) { setTimeout(resolve, COUNTS_AFTER_MS); }).then(function () {
          // aria-busy: a key was pressed since (see soon()).
          if (mySeq !== seq || resultsEl.hasAttribute("aria-busy")) return null;
          return Promise.all(langs.map(loadFilters));
        }).then(function (loaded) {
          if (!loaded || mySeq !== seq) return null;
          return Promise.all(langs.map(function (l) { return pagefindSearch(l, text, filters, state.sort, "counts"); }));
        }).then(function (again) {
          if (mySeq !== seq || !again || again.indexOf(null) >= 0) return;
          var c = {}, t = {};
          again.forEach(function (a) { addCounts(c, a.counts); t[a.lang] = a.total; });
          renderFacets(c, t, cited ? { facet: "article", value: cited.code } : null);
          document.documentElement.setAttribute("data-tkb-searched", String(mySeq));
        });
      });
    }).catch(function (err) {
      if (mySeq !== seq) return;
      writeUrl();
      statusEl.textContent = S.failed;
      resultsEl.removeAttribute("aria-busy");
      if (window.console) console.error(err);
    });
  }

  // A search runs once typing pauses this long. Searches never queue behind each other
  // (see latestOnly), so a short pause costs little and the last key is answered sooner.
  var DEBOUNCE_MS = 60;
  // Facet counts start once the results have stood this long without a newer keystroke.
  var COUNTS_AFTER_MS = 250;
  var timer = null;
  function soon() {
    resultsEl.setAttribute("aria-busy", "true"); // from the keystroke until its results are shown
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  }

  /** Start loading the index of the languages a search will need while the reader is
      still typing, so the results come soon after the last key. */
  function warm(q) {
    // A word's first letter or two would fetch the index of every word they begin
    // (hundreds of KB on a large site); wait for the third, or for any Chinese character.
    var last = q.split(/\s+/).pop() || "";
    var worth = last.length >= 3 || CJK.test(last);
    activeLangs().forEach(function (l) {
      if (offline) { offlineIndex(l).catch(function () {}); return; }
      pagefind(l, "results").then(function (pf) { return q && worth ? pf.preload(q) : null; }).catch(function () {});
    });
  }

  input.addEventListener("focus", function () { warm(""); });
  function typed() {
    state.q = input.value;
    warm(state.q.trim());
    soon();
  }
  // While an input method composes a word (pinyin on the way to 证人), the box holds
  // letters the reader has not chosen yet: search once the word is committed.
  input.addEventListener("input", function (e) { if (!e.isComposing) typed(); });
  input.addEventListener("compositionend", typed);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    state.q = input.value;
    clearTimeout(timer);
    run();
  });
  facetsEl.addEventListener("change", function (e) {
    var el = e.target;
    if (el.name === "tkb-sort") { state.sort = el.value; run(); return; }
    var facet = el.getAttribute("data-facet");
    if (!facet) return;
    if (facet === "lang") {
      var langs = activeLangs().slice();
      if (el.checked && langs.indexOf(el.value) < 0) langs.push(el.value);
      if (!el.checked) langs = langs.filter(function (l) { return l !== el.value; });
      state.langs = langs.length ? langs : [cfg.lang];
    } else {
      var values = (state.filters[facet] || []).filter(function (v) { return v !== el.value; });
      if (el.checked) values.push(el.value);
      if (values.length) state.filters[facet] = values; else delete state.filters[facet];
    }
    run();
  });
  facetsEl.addEventListener("click", function (e) {
    var el = e.target;
    if (el.classList.contains("tkb-clear")) { state.filters = {}; run(); }
    var facet = el.getAttribute("data-expand");
    if (facet) { expanded[facet] = true; run(); }
  });
  moreEl.addEventListener("click", function () {
    showMore(seq, null);
  });

  readUrl();
  input.value = state.q;
  if (offline && hintEl) hintEl.textContent = S.offline;
  if (state.q || hasFilters()) run();
  // This page is for searching: once it is idle, fetch the page language's Pagefind
  // (script, metadata, WebAssembly; about 220 KB at 20,000 records) so the first query
  // waits for none of it. The index chunks a query needs still come as it is typed.
  else if (!offline) {
    var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 500); };
    idle(function () { warm(""); }, { timeout: 3000 });
  }
})();
