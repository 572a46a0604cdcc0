/* treatykb: the search page.

   One page per interface language. The query and the ticked filters live in the URL
   (?q=...&country=PHL&type=case), so a search can be shared and the back button works.
   Two engines answer the same questions:
   - online, treatykb's own index: one bundle per language under search-index/<lang>/
     (plugins/treatykb/search/bundle.py), of which a query fetches the few small files it
     needs;
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

  // ---- words: the rules of plugins/treatykb/search/text.py, kept the same here ---------

  var WORDS = /[\p{L}\p{N}]+/gu;
  var CJK_CHARS = "\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{2ffff}";
  var PARTS = new RegExp("[" + CJK_CHARS + "]+|[^" + CJK_CHARS + "]+", "gu");
  var IS_CJK = new RegExp("^[" + CJK_CHARS + "]", "u");
  var ASCII_WORD = /^[a-z]+$/;
  // The text quoted in results, cut before folding: letters with their marks, and the
  // half-width kana that folding turns into kana.
  var RAW_WORDS = /[\p{L}\p{N}\p{M}]+/gu;
  var RAW_CJK_CHARS = CJK_CHARS + "\\uff66-\\uff9f";
  var RAW_PARTS = new RegExp("[" + RAW_CJK_CHARS + "]+|[^" + RAW_CJK_CHARS + "]+", "gu");
  var RAW_CJK = new RegExp("^[" + RAW_CJK_CHARS + "]", "u");
  var MAX_WORD = 40;

  /** Case, width and accents out of the way: NFKC, lower case, marks removed, NFC. */
  function fold(s) {
    return s.normalize("NFKC").toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");
  }

  /** Porter's stemmer as lunr.py has it (Martin Porter's reference version, with its
      departures), step for step: the index's English terms were made with that one. */
  var porter = (function () {
    var b = "", k = 0, j = 0;
    function cons(i) {
      var ch = b[i];
      if (ch === "a" || ch === "e" || ch === "i" || ch === "o" || ch === "u") return false;
      if (ch === "y") return i === 0 ? true : !cons(i - 1);
      return true;
    }
    function m() {
      var n = 0, i = 0;
      for (;;) { if (i > j) return n; if (!cons(i)) break; i++; }
      i++;
      for (;;) {
        for (;;) { if (i > j) return n; if (cons(i)) break; i++; }
        i++;
        n++;
        for (;;) { if (i > j) return n; if (!cons(i)) break; i++; }
        i++;
      }
    }
    function vowelInStem() {
      for (var i = 0; i <= j; i++) if (!cons(i)) return true;
      return false;
    }
    function doubleC(x) { return x >= 1 && b[x] === b[x - 1] && cons(x); }
    function cvc(i) {
      if (i < 2 || !cons(i) || cons(i - 1) || !cons(i - 2)) return false;
      var ch = b[i];
      return ch !== "w" && ch !== "x" && ch !== "y";
    }
    function ends(s) {
      var n = s.length;
      if (s[n - 1] !== b[k] || n > k + 1 || b.slice(k - n + 1, k + 1) !== s) return false;
      j = k - n;
      return true;
    }
    function setTo(s) { b = b.slice(0, j + 1) + s + b.slice(j + s.length + 1); k = j + s.length; }
    function r(s) { if (m() > 0) setTo(s); }
    function step1ab() {
      if (b[k] === "s") {
        if (ends("sses")) k -= 2;
        else if (ends("ies")) setTo("i");
        else if (b[k - 1] !== "s") k -= 1;
      }
      if (ends("eed")) {
        if (m() > 0) k -= 1;
      } else if ((ends("ed") || ends("ing")) && vowelInStem()) {
        k = j;
        if (ends("at")) setTo("ate");
        else if (ends("bl")) setTo("ble");
        else if (ends("iz")) setTo("ize");
        else if (doubleC(k)) {
          k -= 1;
          var ch = b[k];
          if (ch === "l" || ch === "s" || ch === "z") k += 1;
        } else if (m() === 1 && cvc(k)) setTo("e");
      }
    }
    function step1c() { if (ends("y") && vowelInStem()) b = b.slice(0, k) + "i" + b.slice(k + 1); }
    var STEP2 = {
      a: [["ational", "ate"], ["tional", "tion"]],
      c: [["enci", "ence"], ["anci", "ance"]],
      e: [["izer", "ize"]],
      l: [["bli", "ble"], ["alli", "al"], ["entli", "ent"], ["eli", "e"], ["ousli", "ous"]],
      o: [["ization", "ize"], ["ation", "ate"], ["ator", "ate"]],
      s: [["alism", "al"], ["iveness", "ive"], ["fulness", "ful"], ["ousness", "ous"]],
      t: [["aliti", "al"], ["iviti", "ive"], ["biliti", "ble"]],
      g: [["logi", "log"]]
    };
    var STEP3 = {
      e: [["icate", "ic"], ["ative", ""], ["alize", "al"]],
      i: [["iciti", "ic"]],
      l: [["ical", "ic"], ["ful", ""]],
      s: [["ness", ""]]
    };
    var STEP4 = {
      a: ["al"], c: ["ance", "ence"], e: ["er"], i: ["ic"], l: ["able", "ible"], n: ["ant", "ement", "ment", "ent"],
      o: ["ion", "ou"], s: ["ism"], t: ["ate", "iti"], u: ["ous"], v: ["ive"], z: ["ize"]
    };
    /** The first of a step's suffixes the word ends with (each `ends` moves j, as the
        reference's chain of else-ifs does). */
    function replaceFirst(rules) {
      for (var i = 0; rules && i < rules.length; i++) {
        if (ends(rules[i][0])) { r(rules[i][1]); return; }
      }
    }
    function step4() {
      var rules = STEP4[b[k - 1]];
      var found = false;
      for (var i = 0; rules && i < rules.length && !found; i++) {
        // -ion goes only after s or t; otherwise the next suffix is tried, as the reference does
        found = ends(rules[i]) && (rules[i] !== "ion" || b[j] === "s" || b[j] === "t");
      }
      if (found && m() > 1) k = j;
    }
    function step5() {
      j = k;
      if (b[k] === "e") {
        var a = m();
        if (a > 1 || (a === 1 && !cvc(k - 1))) k -= 1;
      }
      if (b[k] === "l" && doubleC(k) && m() > 1) k -= 1;
    }
    return function (word) {
      if (word.length <= 2) return word;
      b = word;
      k = word.length - 1;
      j = 0;
      step1ab();
      step1c();
      replaceFirst(STEP2[b[k - 1]]);
      replaceFirst(STEP3[b[k]]);
      step4();
      step5();
      return b.slice(0, k + 1);
    };
  })();

  function stemmer(kind) {
    if (kind !== "porter") return function (w) { return w; };
    return function (w) { return ASCII_WORD.test(w) ? porter(w) : w; };
  }

  /** A word's parts: runs of Han and kana apart from the rest. */
  function parts(word) {
    return word.match(PARTS) || [];
  }

  /** The index terms of a text, as text.py's `terms` makes them. */
  function terms(text, stem) {
    var out = [];
    (fold(text).match(WORDS) || []).forEach(function (word) {
      parts(word).forEach(function (part) {
        if (IS_CJK.test(part)) {
          var chars = Array.from(part);
          for (var i = 0; i < chars.length; i++) {
            out.push(chars[i]);
            if (i + 1 < chars.length) out.push(chars[i] + chars[i + 1]);
          }
        } else if (Array.from(part).length <= MAX_WORD) {
          out.push(stem(part));
        }
      });
    });
    return out;
  }

  // ---- engine: treatykb's index (online) -----------------------------------------------

  // One bundle per language under search-index/<lang>/ (plugins/treatykb/search/bundle.py):
  // an entry naming the chunks of terms, each page's facet values and dates, and one file
  // per page. A query fetches the chunks of its terms and the pages of the results shown.
  var INDEX_DIR = "search-index";
  var utf8 = new TextDecoder();
  var bundles = {};

  function Stale(url) {
    this.message = url + ": not found (the site was rebuilt since this page loaded its index)";
  }

  /** A file of the index, inflated (a host may have done so already). */
  function inflated(url, init) {
    return fetch(url, init).then(function (r) {
      if (r.status === 404) throw new Stale(url);
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.arrayBuffer();
    }).then(function (buf) {
      var head = new Uint8Array(buf, 0, Math.min(2, buf.byteLength));
      if (head[0] !== 0x1f || head[1] !== 0x8b) return new Uint8Array(buf);
      var stream = new Blob([buf]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
    });
  }

  /** Reads LEB128 numbers from a byte array. */
  function Reader(bytes, at) {
    this.b = bytes;
    this.i = at || 0;
  }
  Reader.prototype.num = function () {
    var n = 0, shift = 1, byte;
    do {
      byte = this.b[this.i++];
      n += (byte & 0x7f) * shift;
      shift *= 128;
    } while (byte & 0x80);
    return n;
  };

  function Bundle(lang) {
    var self = this;
    this.lang = lang;
    this.since = Date.now();
    this.base = new URL(INDEX_DIR + "/" + lang + "/", rootUrl).href;
    this.files = {};
    this.chunks = {};
    this.stem = stemmer(null);
    this.entry = inflated(this.base + "entry.tkb", { cache: "no-cache" }).then(function (bytes) {
      var e = JSON.parse(utf8.decode(bytes));
      self.stem = stemmer(e.stem);
      return e;
    }, function (err) {
      // No bundle for this language (none was built, or its build failed): it has no
      // pages to offer, and the other languages still answer.
      if (err instanceof Stale) return { docs: 0, chunks: [], facets: {}, missing: true };
      throw err;
    });
    // A failure to fetch it (offline for a moment) is not kept: the next search asks again.
    this.entry.catch(function () { if (bundles[lang] === self) delete bundles[lang]; });
  }

  var ENTRY_FOR_MS = 5 * 60 * 1000;

  /** A language's bundle; after a while, read afresh (a page left open for hours should
      find what was published since; a file of an older version is also noticed when it is
      gone, see Stale). */
  function bundle(lang) {
    var b = bundles[lang];
    if (b && Date.now() - b.since > ENTRY_FOR_MS) b = null;
    return b || (bundles[lang] = new Bundle(lang));
  }

  Bundle.prototype.file = function (name) {
    var self = this;
    if (!this.files[name]) {
      this.files[name] = this.entry.then(function (e) { return inflated(self.base + e.version + "/" + name); });
      this.files[name].catch(function () { delete self.files[name]; });
    }
    return this.files[name];
  };

  /** The chunk whose range holds `term`: the last whose first term is not after it. */
  function chunkOf(firsts, term) {
    var lo = 0, hi = firsts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= term) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /** A chunk's terms, in order, and where each one's pages are. */
  Bundle.prototype.chunk = function (i) {
    if (!this.chunks[i]) {
      var self = this;
      this.chunks[i] = this.file("c" + i + ".tkb").then(function (bytes) {
        var rd = new Reader(bytes), list = [], at = [], dfs = [];
        while (rd.i < bytes.length) {
          var len = rd.num();
          list.push(utf8.decode(bytes.subarray(rd.i, rd.i + len)));
          rd.i += len;
          dfs.push(rd.num());
          var size = rd.num();
          at.push(rd.i);
          rd.i += size;
        }
        return { terms: list, at: at, dfs: dfs, bytes: bytes };
      });
      this.chunks[i].catch(function () { delete self.chunks[i]; });
    }
    return this.chunks[i];
  };

  function pagesOf(chunk, t) {
    var rd = new Reader(chunk.bytes, chunk.at[t]), n = chunk.dfs[t];
    var docs = new Uint32Array(n), weights = new Uint8Array(n), doc = 0;
    for (var i = 0; i < n; i++) {
      doc += rd.num();
      docs[i] = doc;
      weights[i] = chunk.bytes[rd.i++];
    }
    return { docs: docs, weights: weights };
  }

  function lowerBound(list, key) {
    var lo = 0, hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] < key) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  var PREFIX_CHUNKS = 3; // a prefix reads at most this many chunks of terms...
  var PREFIX_TERMS = 60; // ...and takes at most this many of its words (the commonest)
  var EXPANDED = 0.6; // a longer word found by its beginning counts for this much
  var NEAR = 0.85; // a word with another ending (see `wanted`) counts for this much
  var MAX_GROUPS = 32; // words of a query that count (a pasted paragraph is cut there)

  /** What a query asks the bundle for, one group per word: a page must have a term of
      every group. Each group: exact terms, and terms found by their first letters:
      - the last word, still being typed, also by its beginning ("extrad" finds extradition);
      - where the language has no stemmer, any word by its first letters but the last two
        (Russian экстрадиции finds экстрадиция, French extraditions finds extradition);
      - in English, the stem of a word still being typed may be shorter than it: the
        word's first letters but up to the last three are tried as terms. */
  function wanted(q, stemKind, stem) {
    var groups = [];
    var words = fold(q).match(WORDS) || [];
    var typing = /[\p{L}\p{N}]$/u.test(q);
    words.forEach(function (word, wi) {
      var ps = parts(word);
      ps.forEach(function (part, pi) {
        var last = typing && wi === words.length - 1 && pi === ps.length - 1;
        if (IS_CJK.test(part)) {
          var chars = Array.from(part);
          if (chars.length === 1) groups.push({ exact: [part] });
          for (var i = 0; i + 1 < chars.length; i++) groups.push({ exact: [chars[i] + chars[i + 1]] });
          return;
        }
        var n = Array.from(part).length;
        if (n > MAX_WORD) return;
        var g = { exact: [stem(part)] };
        if (last && n >= 3) g.prefix = part;
        if (!stemKind && n >= 5) { g.family = part.slice(0, n - 2); g.familyMax = n + 2; }
        if (stemKind && last && n >= 5) {
          for (var cut = Math.max(4, n - 3); cut < n; cut++) if (g.exact.indexOf(part.slice(0, cut)) < 0) g.near = (g.near || []).concat([part.slice(0, cut)]);
        }
        groups.push(g);
      });
    });
    return groups.slice(0, MAX_GROUPS);
  }

  /** The chunks a group needs (`ahead`: while the words are still typed, only the first
      chunk of a beginning, which the next letters mostly keep). */
  function chunksFor(firsts, g, ahead) {
    var need = {};
    if (!firsts.length) return []; // a bundle without pages has no chunks
    g.exact.concat(g.near || []).forEach(function (t) { need[chunkOf(firsts, t)] = true; });
    [g.prefix, g.family].forEach(function (p) {
      if (!p) return;
      for (var i = chunkOf(firsts, p), n = 0; i < firsts.length && n < (ahead ? 1 : PREFIX_CHUNKS); i++, n++) {
        if (n > 0 && firsts[i].slice(0, p.length) !== p) break;
        need[i] = true;
      }
    });
    return Object.keys(need).map(Number);
  }

  /** The group's terms found in the loaded chunks: [[chunk, index, factor, term]]. */
  function termsOf(g, loaded, firsts) {
    var found = [], seen = {};
    function add(chunk, t, factor) {
      var term = chunk.terms[t];
      if (seen[term] >= factor) return;
      seen[term] = factor;
      found.push([chunk, t, factor, term]);
    }
    g.exact.forEach(function (term) {
      var c = loaded[chunkOf(firsts, term)], t = c ? lowerBound(c.terms, term) : -1;
      if (c && c.terms[t] === term) add(c, t, 1);
    });
    (g.near || []).forEach(function (term) {
      var c = loaded[chunkOf(firsts, term)], t = c ? lowerBound(c.terms, term) : -1;
      if (c && c.terms[t] === term) add(c, t, NEAR);
    });
    [[g.family, NEAR, g.familyMax], [g.prefix, EXPANDED, Infinity]].forEach(function (spec) {
      var p = spec[0];
      if (!p) return;
      var more = [];
      for (var i = chunkOf(firsts, p); loaded[i]; i++) {
        var c = loaded[i];
        for (var t = lowerBound(c.terms, p); t < c.terms.length && c.terms[t].slice(0, p.length) === p; t++) {
          if (c.terms[t].length <= spec[2]) more.push([c, t]);
        }
        if (t < c.terms.length) break;
      }
      more.sort(function (a, b) { return b[0].dfs[b[1]] - a[0].dfs[a[1]]; });
      more.slice(0, PREFIX_TERMS).forEach(function (x) { add(x[0], x[1], spec[1]); });
    });
    return found;
  }

  /** Each page's facet values, as offsets into one array per facet. */
  Bundle.prototype.facets = function () {
    var self = this;
    if (!this.facetTable) {
      this.facetTable = this.entry.then(function (e) { return e.missing ? [e, new Uint8Array(0)] : Promise.all([e, self.file("facets.tkb")]); }).then(function (got) {
        var e = got[0], rd = new Reader(got[1]), out = {};
        cfg.facets.forEach(function (pair) {
          var offs = new Uint32Array(e.docs + 1), vals = [];
          for (var d = 0; d < e.docs; d++) {
            offs[d] = vals.length;
            for (var n = rd.num(), v = 0; n > 0; n--) { v += rd.num(); vals.push(v); }
          }
          offs[e.docs] = vals.length;
          out[pair[0]] = { offs: offs, vals: Uint16Array.from(vals), names: e.facets[pair[0]] || [] };
        });
        return out;
      });
      this.facetTable.catch(function () { self.facetTable = null; });
    }
    return this.facetTable;
  };

  Bundle.prototype.dates = function () {
    var self = this;
    if (!this.dateTable) {
      this.dateTable = Promise.all([this.entry, this.file("dates.tkb")]).then(function (got) {
        var rd = new Reader(got[1]), out = new Uint32Array(got[0].docs);
        for (var d = 0; d < out.length; d++) out[d] = rd.num();
        return out;
      });
      this.dateTable.catch(function () { self.dateTable = null; });
    }
    return this.dateTable;
  };

  /** Fetch what a query will need while it is still being typed: the chunks of its words. */
  Bundle.prototype.preload = function (q) {
    var self = this;
    return this.entry.then(function (e) {
      if (e.missing) return null;
      var need = {};
      wanted(q, e.stem, self.stem).forEach(function (g) { chunksFor(e.chunks, g, true).forEach(function (i) { need[i] = true; }); });
      return Promise.all(Object.keys(need).map(function (i) { return self.chunk(Number(i)); }));
    });
  };

  /** Pages matching the words of `q` (all of them) and the filters (any value of a
      facet, every facet), scored by BM25; with, for each facet, how many pages each value
      would give (the other facets' filters applied, not its own). */
  Bundle.prototype.search = function (q, filters, sort) {
    var self = this;
    return this.entry.then(function (e) {
      if (e.missing) return { hits: [], score: null, dates: null, counts: {}, matched: {} };
      var groups = wanted(q || "", e.stem, self.stem);
      var need = {};
      groups.forEach(function (g) { chunksFor(e.chunks, g).forEach(function (i) { need[i] = true; }); });
      var ids = Object.keys(need).map(Number);
      var newest = sort === "newest" || !groups.length;
      return Promise.all([
        Promise.all(ids.map(function (i) { return self.chunk(i); })),
        self.facets(),
        newest ? self.dates() : null
      ]).then(function (got) {
        var loaded = {};
        ids.forEach(function (i, n) { loaded[i] = got[0][n]; });
        // Something asked but no word in it to look up (punctuation only): nothing found.
        var none = !groups.length && !!(q || "").trim();
        return answer(e, groups, loaded, got[1], got[2], filters, newest, none);
      });
    });
  };

  function answer(e, groups, loaded, facets, dates, filters, newest, none) {
    var n = e.docs, score = new Float32Array(n), found = new Uint8Array(n), matched = {};
    var best = new Float32Array(n);
    groups.forEach(function (g, gi) {
      best.fill(0);
      termsOf(g, loaded, e.chunks).forEach(function (x) {
        var chunk = x[0], t = x[1], df = chunk.dfs[t];
        var w = x[2] * Math.log(1 + (n - df + 0.5) / (df + 0.5));
        var p = pagesOf(chunk, t);
        for (var i = 0; i < p.docs.length; i++) {
          var s = w * p.weights[i];
          if (s > best[p.docs[i]]) best[p.docs[i]] = s;
        }
        matched[x[3]] = true;
      });
      for (var d = 0; d < n; d++) {
        if (best[d] > 0 && found[d] === gi) { found[d] = gi + 1; score[d] += best[d]; }
      }
    });
    // Filters: a mask of the ticked values of each facet.
    var active = [];
    Object.keys(filters).forEach(function (f) {
      var table = facets[f];
      if (!table || !filters[f].length) return;
      var mask = new Uint8Array(table.names.length);
      filters[f].forEach(function (v) { var k = table.names.indexOf(v); if (k >= 0) mask[k] = 1; });
      active.push([f, table, mask]);
    });
    var counts = {};
    var names = Object.keys(facets);
    names.forEach(function (f) { counts[f] = new Uint32Array(facets[f].names.length); });
    function tally(f, d) {
      var t = facets[f], c = counts[f];
      for (var i = t.offs[d]; i < t.offs[d + 1]; i++) c[t.vals[i]]++;
    }
    var hits = [];
    for (var d = 0; d < n; d++) {
      if (none || found[d] !== groups.length) continue;
      var misses = 0, missed = null;
      for (var a = 0; a < active.length && misses < 2; a++) {
        var t = active[a][1], mask = active[a][2], ok = false;
        for (var i = t.offs[d]; i < t.offs[d + 1] && !ok; i++) ok = mask[t.vals[i]] === 1;
        if (!ok) { misses++; missed = active[a][0]; }
      }
      if (misses === 0) {
        hits.push(d);
        names.forEach(function (f) { tally(f, d); });
      } else if (misses === 1) {
        tally(missed, d);
      }
    }
    if (newest) {
      hits.sort(function (x, y) { return dates[y] - dates[x] || score[y] - score[x] || x - y; });
    } else {
      hits.sort(function (x, y) { return score[y] - score[x] || x - y; });
    }
    var out = {};
    names.forEach(function (f) {
      var c = {};
      facets[f].names.forEach(function (v, k) { if (counts[f][k]) c[v] = counts[f][k]; });
      out[f] = c;
    });
    return { hits: hits, score: score, dates: dates, counts: out, matched: matched };
  }

  /** Page n's address, title, fields and text. */
  Bundle.prototype.page = function (n) {
    return this.file("d/" + n + ".tkb").then(function (bytes) { return JSON.parse(utf8.decode(bytes)); });
  };

  var EXCERPT_CHARS = 170; // the quoted passage, in UTF-16 units (about 24 words)
  var EXCERPT_CJK = 72;

  /** The passage of a page's text with the most words of the query, marked. */
  function excerpt(text, matched, stem) {
    var marks = [];
    // The text is cut as it stands (marks kept with their letters, half-width kana as
    // kana) and each piece folded, so that a mark is put around what was found, as written.
    var re = new RegExp(RAW_WORDS.source, "gu"), m;
    while ((m = re.exec(text))) {
      var at = m.index, pre = new RegExp(RAW_PARTS.source, "gu"), p;
      while ((p = pre.exec(m[0]))) {
        var start = at + p.index, part = p[0];
        if (RAW_CJK.test(part)) {
          var chars = Array.from(part), offs = [0];
          chars.forEach(function (c, i) { offs.push(offs[i] + c.length); });
          for (var i = 0; i < chars.length; i++) {
            if (matched[fold(chars[i])]) marks.push([start + offs[i], start + offs[i + 1]]);
            if (i + 1 < chars.length && matched[fold(chars[i] + chars[i + 1])]) marks.push([start + offs[i], start + offs[i + 2]]);
          }
        } else if ((fold(part).match(WORDS) || []).some(function (w) { return matched[stem(w)]; })) {
          marks.push([start, start + part.length]);
        }
      }
    }
    marks.sort(function (x, y) { return x[0] - y[0]; });
    var merged = [];
    marks.forEach(function (x) {
      var top = merged[merged.length - 1];
      if (top && x[0] <= top[1]) top[1] = Math.max(top[1], x[1]);
      else merged.push([x[0], x[1]]);
    });
    var width = IS_CJK.test(text.slice(0, 400).replace(/[^\p{L}]/gu, "")) ? EXCERPT_CJK : EXCERPT_CHARS;
    var from = 0, most = 0;
    for (var a = 0, z = 0; a < merged.length; a++) {
      while (z < merged.length && merged[z][1] <= merged[a][0] + width) z++;
      if (z - a > most) { most = z - a; from = merged[a][0]; }
    }
    if (most) from = Math.max(0, from - Math.floor(width / 4));
    var to = Math.min(text.length, from + width);
    if (from > 0) { var space = text.lastIndexOf(" ", from); if (space >= 0 && from - space < 20) from = space + 1; }
    if (to < text.length) { var next = text.indexOf(" ", to); if (next >= 0 && next - to < 20) to = next; }
    // Never half of a character outside the Basic Multilingual Plane.
    if (/[\udc00-\udfff]/.test(text[from] || "")) from -= 1;
    if (/[\udc00-\udfff]/.test(text[to] || "")) to += 1;
    var html = "", pos = from;
    merged.forEach(function (x) {
      if (x[1] <= from || x[0] >= to) return;
      var s = Math.max(x[0], from), t = Math.min(x[1], to);
      html += esc(text.slice(pos, s)) + "<mark>" + esc(text.slice(s, t)) + "</mark>";
      pos = t;
    });
    html += esc(text.slice(pos, to));
    return (from > 0 ? "… " : "") + html.trim() + (to < text.length ? " …" : "");
  }

  /** One language's answer, in the shape the result list takes: its total, the facet
      counts, and each result's score, date and a function fetching its data. A bundle
      rebuilt since the page read its entry fails with Stale (see run()). */
  function indexSearch(lang, q, filters, sort) {
    var b = bundle(lang);
    return b.search(q, filters, sort).then(function (got) {
      return {
        lang: lang,
        total: got.hits.length,
        counts: got.counts,
        results: got.hits.map(function (d) {
          return {
            score: got.score[d],
            date: got.dates ? got.dates[d] : 0,
            data: function () {
              return b.page(d).then(function (p) {
                return { url: new URL(p.u, rootUrl).href, title: p.t, excerpt: q ? excerpt(p.x, got.matched, b.stem) : esc(p.x.slice(0, EXCERPT_CHARS)) + (p.x.length > EXCERPT_CHARS ? " …" : ""), meta: p.m };
              });
            }
          };
        })
      };
    });
  }

  // For the tests of text.py's rules against these (tests/test_search_engine.py).
  window.treatykbSearch = {
    fold: fold,
    porter: porter,
    terms: function (text, kind) { return terms(text, stemmer(kind)); },
    wanted: wanted,
    excerpt: function (text, found, kind) {
      var matched = {};
      found.forEach(function (t) { matched[t] = true; });
      return excerpt(text, matched, stemmer(kind));
    }
  };


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
            date: d.d || "",
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

  /** The summary's opening with query words marked. */
  function highlight(text, tokens) {
    var html = esc(text);
    tokens.filter(function (t) { return t.length > 1 || CJK.test(t); }).forEach(function (t) {
      var pattern = new RegExp("(" + t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ")", "giu");
      html = html.replace(pattern, "<mark>$1</mark>");
    });
    return html;
  }

  var searchOne = offline ? lunrSearch : indexSearch;

  // ---- merging languages and paging -----------------------------------------------------

  /** Results of several languages as one list: by score, or newest first (each
      language's results come in that order already). Data is fetched only for the
      results shown. */
  function Stream(answers, sort) {
    this.queues = answers.map(function (a) { return { lang: a.lang, items: a.results.slice() }; });
    this.newest = sort === "newest";
  }

  Stream.prototype.before = function (x, y) {
    if (this.newest) return x.date > y.date || (x.date === y.date && x.score > y.score);
    return x.score > y.score;
  };

  function fetcher(item, lang) {
    return function () { return item.data().then(function (d) { d.lang = lang; return d; }); };
  }

  /** Up to n results, each a function that fetches its data. */
  Stream.prototype.take = function (n) {
    var self = this, out = [];
    while (out.length < n) {
      var live = this.queues.filter(function (q) { return q.items.length; });
      if (!live.length) break;
      var best = live.reduce(function (a, b) { return self.before(b.items[0], a.items[0]) ? b : a; });
      out.push(fetcher(best.items.shift(), best.lang));
    }
    return out;
  };

  Stream.prototype.hasMore = function () {
    return this.queues.some(function (q) { return q.items.length; });
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

  function run(again) {
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
    // The words as typed: a space after the last one says it is complete (see wanted()).
    var text = state.q;
    if (cited) {
      filters = JSON.parse(JSON.stringify(state.filters));
      filters.article = (filters.article || []).concat([cited.code]);
      text = cited.rest;
    }
    return Promise.all(langs.map(function (l) { return searchOne(l, text, filters, state.sort); })).then(function (answers) {
      if (mySeq !== seq || answers.indexOf(null) >= 0) return;
      var counts = {}, totals = {}, total = 0;
      answers.forEach(function (a) { addCounts(counts, a.counts); totals[a.lang] = a.total; total += a.total; });
      // Without words there is no relevance: a listing by filters is newest first.
      stream = new Stream(answers, text ? state.sort : "newest");
      // The results first; the URL and the facets (a layout of their own) after them.
      return showMore(mySeq, pinned, pinned ? pinnedHtml(pinned) : "").then(function () {
        if (mySeq !== seq) return;
        writeUrl();
        renderFacets(counts, totals, cited ? { facet: "article", value: cited.code } : null);
        statusEl.textContent = total || pinned ? fill(S.results, { n: total }) : S.no_results;
        resultsEl.removeAttribute("aria-busy");
        document.documentElement.setAttribute("data-tkb-searched", String(mySeq));
      });
    }).catch(function (err) {
      if (mySeq !== seq) return;
      // The site was rebuilt since its index was read: read it again, once.
      if (err instanceof Stale && !again) { bundles = {}; return run(true); }
      writeUrl();
      statusEl.textContent = S.failed;
      resultsEl.removeAttribute("aria-busy");
      if (window.console) console.error(err);
    });
  }

  // A search runs once typing pauses this long: a search takes a few milliseconds once
  // its files are in (they are fetched as the words are typed, see warm()), so a short
  // pause costs little and the last key is answered sooner.
  var DEBOUNCE_MS = 60;
  var timer = null;
  function soon() {
    resultsEl.setAttribute("aria-busy", "true"); // from the keystroke until its results are shown
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  }

  /** Start fetching what a search will need while the reader is still typing: the
      bundle's entry and facets, and the chunks of the words typed so far, so the results
      come soon after the last key. */
  function warm(q) {
    activeLangs().forEach(function (l) {
      if (offline) { offlineIndex(l).catch(function () {}); return; }
      var b = bundle(l);
      b.facets().catch(function () {});
      if (q) b.preload(q).catch(function () {});
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
    var mine = seq;
    showMore(mine, null).catch(function (err) {
      if (mine !== seq) return;
      // The site was rebuilt since: the search is run again on its new index.
      if (err instanceof Stale) { bundles = {}; run(true); return; }
      statusEl.textContent = S.failed;
      if (window.console) console.error(err);
    });
  });

  readUrl();
  input.value = state.q;
  if (offline && hintEl) hintEl.textContent = S.offline;
  if (state.q || hasFilters()) run();
  // This page is for searching: once it is idle, fetch the page language's entry and
  // facet values (about 85 KB at 20,000 records) so the first query waits for neither.
  // The chunks of terms a query needs still come as it is typed.
  else if (!offline) {
    var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 500); };
    idle(function () { warm(""); }, { timeout: 3000 });
  }
})();
