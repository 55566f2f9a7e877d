// The JavaScript side of the host, evaluated once per JS context (see js.rs). It is called
// with the site's component ids (index = position), a native `print(level, text)` and the
// native `styleVars(vars)` behind `<style define:vars>`, defines
// the globals compiled modules and user code rely on, and returns the internals the Rust side
// uses. Rust recognises host objects by their prototype (one pointer compare), so the classes
// below are never exposed as globals.
(function (componentIds, print, styleVars) {
  "use strict";

  // A markup value: templates[i] of component c (an index into componentIds), with frame f.
  class TemplateInstance {
    constructor(c, i, f) {
      this.c = c;
      this.i = i;
      this.f = f;
    }
  }

  // A component as a value. c is -1 when the id is not in the site (rendering it fails).
  class ComponentRef {
    constructor(c, id) {
      this.c = c;
      this.id = id;
      Object.freeze(this);
    }
    toString() {
      return `[component ${this.id}]`;
    }
  }

  // What Astro.redirect returns; only meaningful when a page's frontmatter returns it.
  class Redirect {
    constructor(location, status) {
      this.location = location;
      this.status = status;
      Object.freeze(this);
    }
  }

  const indexOf = new Map(componentIds.map((id, i) => [id, i]));
  const refs = new Map();
  function component(id) {
    id = String(id);
    let ref = refs.get(id);
    if (ref === undefined) {
      ref = new ComponentRef(indexOf.has(id) ? indexOf.get(id) : -1, id);
      refs.set(id, ref);
    }
    return ref;
  }
  // Each component module starts with `const $$template = globalThis.$$templatesFor(c);`.
  function templatesFor(c) {
    return (i, f) => new TemplateInstance(c, i, f);
  }
  const hidden = { writable: false, enumerable: false, configurable: false };
  Object.defineProperty(globalThis, "$$component", { ...hidden, value: component });
  Object.defineProperty(globalThis, "$$templatesFor", { ...hidden, value: templatesFor });

  // `<script define:vars={vars}>`: one `const` per key, ahead of the script's code. Keys
  // become code, so each must be an identifier that can be declared; values are JSON with
  // `<` escaped, so none can end the script element.
  const IDENTIFIER = /^[$_\p{ID_Start}][$\u200c\u200d\p{ID_Continue}]*$/u;
  const RESERVED = new Set(
    ("arguments await break case catch class const continue debugger default delete do else " +
      "enum eval export extends false finally for function if implements import in instanceof " +
      "interface let new null package private protected public return static super switch " +
      "this throw true try typeof var void while with yield").split(" "),
  );
  function defineVars(vars) {
    let code = "";
    for (const [key, value] of Object.entries(vars ?? {})) {
      if (!IDENTIFIER.test(key) || RESERVED.has(key))
        throw new TypeError(
          `<script define:vars>: the key ${JSON.stringify(key)} is not a JavaScript identifier ` +
            "that can be declared, so it cannot become a variable of the script",
        );
      code += "const " + key + " = " + String(JSON.stringify(value)).replace(/</g, "\\u003c") + ";\n";
    }
    return code;
  }
  Object.defineProperty(globalThis, "$$defineVars", { ...hidden, value: defineVars });
  Object.defineProperty(globalThis, "$$styleVars", { ...hidden, value: styleVars });

  // --- URL and URLSearchParams (QuickJS has neither): enough for http(s) page URLs and
  // `new URL(path, base)`; not a full WHATWG parser.
  const encodeQueryPart = (s) =>
    encodeURIComponent(s).replace(/%20/g, "+").replace(/[!'()~]/g, (c) =>
      "%" + c.charCodeAt(0).toString(16).toUpperCase());
  const decodeQueryPart = (s) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, " "));
    } catch {
      return s;
    }
  };
  class URLSearchParams {
    constructor(init) {
      this._list = [];
      this._url = null;
      if (init == null) return;
      if (typeof init === "object" && typeof init[Symbol.iterator] === "function") {
        for (const [k, v] of init) this._list.push([String(k), String(v)]);
      } else if (typeof init === "object") {
        for (const k of Object.keys(init)) this._list.push([k, String(init[k])]);
      } else {
        let s = String(init);
        if (s.startsWith("?")) s = s.slice(1);
        for (const part of s.split("&")) {
          if (part === "") continue;
          const eq = part.indexOf("=");
          const k = eq < 0 ? part : part.slice(0, eq);
          const v = eq < 0 ? "" : part.slice(eq + 1);
          this._list.push([decodeQueryPart(k), decodeQueryPart(v)]);
        }
      }
    }
    _changed() {
      if (this._url) this._url._search = this._list.length ? "?" + this.toString() : "";
    }
    get size() {
      return this._list.length;
    }
    get(name) {
      const e = this._list.find(([k]) => k === String(name));
      return e ? e[1] : null;
    }
    getAll(name) {
      return this._list.filter(([k]) => k === String(name)).map(([, v]) => v);
    }
    has(name) {
      return this._list.some(([k]) => k === String(name));
    }
    append(name, value) {
      this._list.push([String(name), String(value)]);
      this._changed();
    }
    set(name, value) {
      name = String(name);
      const i = this._list.findIndex(([k]) => k === name);
      if (i < 0) this._list.push([name, String(value)]);
      else {
        this._list[i][1] = String(value);
        this._list = this._list.filter(([k], j) => k !== name || j === i);
      }
      this._changed();
    }
    delete(name) {
      this._list = this._list.filter(([k]) => k !== String(name));
      this._changed();
    }
    sort() {
      this._list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      this._changed();
    }
    forEach(fn, thisArg) {
      for (const [k, v] of this._list) fn.call(thisArg, v, k, this);
    }
    keys() {
      return this._list.map(([k]) => k)[Symbol.iterator]();
    }
    values() {
      return this._list.map(([, v]) => v)[Symbol.iterator]();
    }
    entries() {
      return this._list.map(([k, v]) => [k, v])[Symbol.iterator]();
    }
    [Symbol.iterator]() {
      return this.entries();
    }
    toString() {
      return this._list.map(([k, v]) => encodeQueryPart(k) + "=" + encodeQueryPart(v)).join("&");
    }
  }

  const DEFAULT_PORTS = { "http:": "80", "https:": "443", "ws:": "80", "wss:": "443", "ftp:": "21" };
  const URL_RE = /^([a-zA-Z][a-zA-Z0-9+.-]*:)(?:\/\/([^/?#]*))?([^?#]*)(\?[^#]*)?(#.*)?$/;
  const encodePath = (p) => p.replace(/[^\x21-\x7e]|["<>`{}^|\\]/g, (c) => (c === "\\" ? "/" : encodeURIComponent(c)));
  function removeDots(path) {
    const out = [];
    const segments = path.split("/");
    for (let i = 0; i < segments.length; i++) {
      const s = segments[i];
      const last = i === segments.length - 1;
      if (s === "..") {
        if (out.length > 1) out.pop();
        if (last) out.push("");
      } else if (s === ".") {
        if (last) out.push("");
      } else out.push(s);
    }
    const joined = out.join("/");
    return joined.startsWith("/") ? joined : "/" + joined;
  }
  class URL {
    constructor(input, base) {
      input = String(input).trim();
      let m = URL_RE.exec(input);
      if (!m) {
        if (base === undefined) throw new TypeError(`Invalid URL: ${input}`);
        const b = base instanceof URL ? base : new URL(base);
        if (input.startsWith("//")) m = URL_RE.exec(b.protocol + input);
        else if (input.startsWith("/")) m = URL_RE.exec(b.protocol + "//" + b.host + input);
        else if (input === "" || input.startsWith("#"))
          m = URL_RE.exec(b.protocol + "//" + b.host + b.pathname + b.search + input);
        else if (input.startsWith("?")) m = URL_RE.exec(b.protocol + "//" + b.host + b.pathname + input);
        else {
          const dir = b.pathname.slice(0, b.pathname.lastIndexOf("/") + 1);
          m = URL_RE.exec(b.protocol + "//" + b.host + dir + input);
        }
        if (!m) throw new TypeError(`Invalid URL: ${input}`);
      }
      this._protocol = m[1].toLowerCase();
      let authority = m[2] === undefined ? null : m[2];
      this._username = "";
      this._password = "";
      if (authority !== null && authority.includes("@")) {
        const at = authority.lastIndexOf("@");
        const user = authority.slice(0, at);
        authority = authority.slice(at + 1);
        const colon = user.indexOf(":");
        this._username = colon < 0 ? user : user.slice(0, colon);
        this._password = colon < 0 ? "" : user.slice(colon + 1);
      }
      let hostname = "";
      let port = "";
      if (authority !== null) {
        const pm = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(authority);
        if (!pm) throw new TypeError(`Invalid URL: ${input}`);
        hostname = pm[1].toLowerCase();
        port = pm[2] || "";
        if (DEFAULT_PORTS[this._protocol] === port) port = "";
      }
      if (authority !== null && hostname === "" && this._protocol !== "file:")
        throw new TypeError(`Invalid URL: ${input}`);
      this._hostname = hostname;
      this._port = port;
      this._special = authority !== null;
      const path = m[3] || "";
      this._pathname = this._special ? removeDots(encodePath(path || "/")) : path;
      this._search = m[4] && m[4] !== "?" ? m[4] : "";
      this._hash = m[5] && m[5] !== "#" ? m[5] : "";
      this._params = null;
    }
    get protocol() {
      return this._protocol;
    }
    get username() {
      return this._username;
    }
    get password() {
      return this._password;
    }
    get hostname() {
      return this._hostname;
    }
    get port() {
      return this._port;
    }
    get host() {
      return this._port ? this._hostname + ":" + this._port : this._hostname;
    }
    get origin() {
      return this._special ? this._protocol + "//" + this.host : "null";
    }
    get pathname() {
      return this._pathname;
    }
    set pathname(p) {
      p = String(p);
      this._pathname = this._special ? removeDots(encodePath(p.startsWith("/") ? p : "/" + p)) : p;
    }
    get search() {
      return this._search;
    }
    set search(s) {
      s = String(s);
      this._search = s === "" || s === "?" ? "" : s.startsWith("?") ? s : "?" + s;
      this._params = null;
    }
    get searchParams() {
      if (this._params === null) {
        this._params = new URLSearchParams(this._search);
        this._params._url = this;
      }
      return this._params;
    }
    get hash() {
      return this._hash;
    }
    set hash(h) {
      h = String(h);
      this._hash = h === "" || h === "#" ? "" : h.startsWith("#") ? h : "#" + h;
    }
    get href() {
      const auth = this._username
        ? this._username + (this._password ? ":" + this._password : "") + "@"
        : "";
      const prefix = this._special ? this._protocol + "//" + auth + this.host : this._protocol;
      return prefix + this._pathname + this._search + this._hash;
    }
    toString() {
      return this.href;
    }
    toJSON() {
      return this.href;
    }
    static canParse(input, base) {
      try {
        new URL(input, base);
        return true;
      } catch {
        return false;
      }
    }
  }
  if (typeof globalThis.URL === "undefined") {
    globalThis.URL = URL;
    globalThis.URLSearchParams = URLSearchParams;
  }
  const HostURL = globalThis.URL;

  // --- console: to the host's stderr.
  const show = (v) => {
    if (typeof v === "string") return v;
    if (v instanceof Error) return v.stack ? `${v}\n${v.stack}` : String(v);
    if (v !== null && typeof v === "object") {
      try {
        return JSON.stringify(v);
      } catch {
        return String(v);
      }
    }
    return String(v);
  };
  const log = (level) => (...args) => print(level, args.map(show).join(" "));
  globalThis.console = {
    log: log("log"),
    info: log("info"),
    debug: log("debug"),
    warn: log("warn"),
    error: log("error"),
    trace: log("trace"),
  };

  // --- Timers. There is no event loop: when the awaited promise is pending and no job is
  // left, the renderer runs the earliest timer (by delay, then by order of creation), with a
  // virtual clock, so `await new Promise(r => setTimeout(r, 100))` returns at once.
  let timers = [];
  let nextTimer = 1;
  let clock = 0;
  function addTimer(fn, ms, args, every) {
    if (typeof fn !== "function") throw new TypeError("timer callback must be a function");
    const id = nextTimer++;
    const delay = Math.max(0, Number(ms) || 0);
    timers.push({ id, at: clock + delay, fn, args, every: every ? Math.max(1, delay) : 0 });
    return id;
  }
  globalThis.setTimeout = (fn, ms, ...args) => addTimer(fn, ms, args, false);
  globalThis.setInterval = (fn, ms, ...args) => addTimer(fn, ms, args, true);
  globalThis.clearTimeout = globalThis.clearInterval = (id) => {
    timers = timers.filter((t) => t.id !== id);
  };
  function runTimer() {
    if (timers.length === 0) return false;
    let best = 0;
    for (let i = 1; i < timers.length; i++) {
      const t = timers[i];
      const b = timers[best];
      if (t.at < b.at || (t.at === b.at && t.id < b.id)) best = i;
    }
    const t = timers[best];
    clock = t.at;
    if (t.every) t.at += t.every;
    else timers.splice(best, 1);
    t.fn(...t.args);
    return true;
  }
  // Called at the start of every page render: timers never outlive their page.
  function resetTimers() {
    timers = [];
  }

  // --- Rendering helpers.
  function redirect(location, status = 302) {
    status = Number(status);
    if (!Number.isInteger(status) || status < 300 || status > 308)
      throw new RangeError(`Astro.redirect: ${status} is not a redirect status (300-308)`);
    return new Redirect(String(location), status);
  }

  // The Astro object of one component render, made for every component instance of every
  // page, so it is built cheaply: its state sits in symbol-keyed properties (creating private
  // fields costs QuickJS several times more; symbols keep them out of Object.keys and JSON)
  // and `Astro.slots` is made on first use. `page` holds what all components of a page share;
  // `renderSlot(handle, name)` is the renderer's native slot renderer; `slotNames` is
  // undefined when no slot was given.
  const PAGE = Symbol("page");
  const SLOT_NAMES = Symbol("slotNames");
  const RENDER_SLOT = Symbol("renderSlot");
  const HANDLE = Symbol("handle");
  const COMPONENT = Symbol("component");
  const SLOTS = Symbol("slots");
  class AstroSlots {
    #names;
    #render;
    #handle;
    constructor(names, render, handle) {
      this.#names = names;
      this.#render = render;
      this.#handle = handle;
    }
    has(name) {
      return this.#names !== undefined && this.#names.includes(String(name));
    }
    render(name) {
      if (!this.has(name)) return Promise.resolve(undefined);
      try {
        return Promise.resolve(this.#render(this.#handle, String(name)));
      } catch (e) {
        return Promise.reject(e);
      }
    }
  }
  class Astro {
    constructor(props, page, slotNames, renderSlot, handle, c) {
      this.props = props;
      this[PAGE] = page;
      this[SLOT_NAMES] = slotNames;
      this[RENDER_SLOT] = renderSlot;
      this[HANDLE] = handle;
      this[COMPONENT] = c;
    }
    get slots() {
      let slots = this[SLOTS];
      if (slots === undefined) {
        slots = new AstroSlots(this[SLOT_NAMES], this[RENDER_SLOT], this[HANDLE]);
        this[SLOTS] = slots;
      }
      return slots;
    }
    get params() {
      return this[PAGE].params;
    }
    get url() {
      return this[PAGE].url;
    }
    get site() {
      return this[PAGE].site;
    }
    get generator() {
      return "astc";
    }
    get self() {
      return component(componentIds[this[COMPONENT]]);
    }
    redirect(location, status) {
      return redirect(location, status);
    }
  }
  // Runs a component's default export with a new Astro object (as both of its arguments):
  // one call from the host per component instance.
  function callComponent(f, props, page, slotNames, renderSlot, handle, c) {
    const astro = new Astro(props, page, slotNames, renderSlot, handle, c);
    // Deliberately not `return f(…)`: QuickJS makes that a tail call, and with it a promise
    // chain that exhausts the heap was seen to keep the job loop busy until the time limit
    // instead of failing with out-of-memory (tests/render/limits.rs, allocation bombs).
    const result = f(astro, astro);
    return result;
  }

  function makePage(params, url, site) {
    return Object.freeze({
      params: Object.freeze(params),
      url: new HostURL(url),
      site: site === undefined ? undefined : new HostURL(site),
    });
  }

  // Iterables other than arrays and strings (Set, Map values, generators) render as arrays;
  // null means "not iterable".
  function toArray(v) {
    return typeof v[Symbol.iterator] === "function" ? Array.from(v) : null;
  }

  // The argument of a page's `getStaticPaths`: `{ paginate }` for its route, as Astro's
  // `generatePaginateFunction` does. `segments` are the route's `[kind, text]` pairs (kind
  // "static", "param" or "rest"), or null for a component that is no page.
  function staticPathsArg(segments, base, trailingSlash) {
    function generate(params) {
      const text = (value) =>
        typeof value === "string" ? value.normalize().replace(/#/g, "%23").replace(/\?/g, "%3F") : value;
      let path = "";
      for (const [kind, name] of segments) {
        let part;
        if (kind === "rest") {
          part = text(params[name]) ?? "";
        } else if (kind === "param") {
          if (params[name] === undefined) throw new TypeError(`Missing parameter: ${name}`);
          part = text(params[name]);
        } else {
          part = name.normalize().replace(/\?/g, "%3F").replace(/#/g, "%23");
        }
        if (part !== "") path += ("/" + part).replace(/^\/+/, "/");
      }
      if (trailingSlash === "always" && segments.length) path += "/";
      return path || "/";
    }
    function withBase(route) {
      const joined = base.replace(/\/+$/, "") + "/" + route.replace(/^\/+/, "");
      return joined === "" ? "/" : joined;
    }
    function paginate(data, args = {}) {
      if (segments === null) throw new Error("paginate() works in the getStaticPaths of a page");
      const { pageSize: size, params: extraParams, props: extraProps, format } = args;
      const pageSize = size || 10;
      const formatUrl = format || ((url) => url);
      let firstHasNumber;
      if (segments.some(([kind, name]) => kind === "rest" && name === "page")) {
        firstHasNumber = false;
      } else if (segments.some(([kind, name]) => kind === "param" && name === "page")) {
        firstHasNumber = true;
      } else {
        throw new Error(
          "[paginate()] page number param `page` not found in your filepath. " +
            "Rename your file to `[page].astro` or `[...page].astro`.",
        );
      }
      const lastPage = Math.max(1, Math.ceil(data.length / pageSize));
      const url = (params) => formatUrl(withBase(generate(params)));
      return [...Array(lastPage).keys()].map((index) => {
        const pageNum = index + 1;
        const start = pageSize === Number.POSITIVE_INFINITY ? 0 : (pageNum - 1) * pageSize;
        const end = Math.min(start + pageSize, data.length);
        const params = {
          ...(extraParams || {}),
          page: firstHasNumber || pageNum > 1 ? String(pageNum) : undefined,
        };
        return {
          params,
          props: {
            ...(extraProps || {}),
            page: {
              data: data.slice(start, end),
              start,
              end: end - 1,
              size: pageSize,
              total: data.length,
              currentPage: pageNum,
              lastPage,
              url: {
                current: url({ ...params }),
                next: pageNum === lastPage ? undefined : url({ ...params, page: String(pageNum + 1) }),
                prev:
                  pageNum === 1
                    ? undefined
                    : url({
                        ...params,
                        page: !firstHasNumber && pageNum - 1 === 1 ? undefined : String(pageNum - 1),
                      }),
                first:
                  pageNum === 1 ? undefined : url({ ...params, page: firstHasNumber ? "1" : undefined }),
                last: pageNum === lastPage ? undefined : url({ ...params, page: String(lastPage) }),
              },
            },
          },
        };
      });
    }
    return Object.freeze({ paginate });
  }

  return {
    templateProto: TemplateInstance.prototype,
    componentProto: ComponentRef.prototype,
    redirectProto: Redirect.prototype,
    callComponent,
    makePage,
    toArray,
    runTimer,
    resetTimers,
    staticPathsArg,
  };
});
