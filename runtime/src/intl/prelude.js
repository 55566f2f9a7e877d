// Evaluated at every context creation (see intl/mod.rs), so kept to a few definitions: a lazy
// `Intl` global and the locale-sensitive methods as stubs. The first use of either calls
// `load`, which evaluates intl.js, once per context.
(function (load) {
  "use strict";
  let intl;
  const get = () => (intl ??= load());
  const data = (value) => ({ value, writable: true, enumerable: false, configurable: true });
  Object.defineProperty(globalThis, "Intl", {
    enumerable: false,
    configurable: true,
    get() {
      const value = get().Intl;
      Object.defineProperty(globalThis, "Intl", data(value));
      return value;
    },
    set(value) {
      Object.defineProperty(globalThis, "Intl", data(value));
    },
  });
  // Method definitions: named like the built-ins, not constructors.
  const date = {
    toLocaleString(locales, options) {
      return get().date(this, locales, options, "any", "all");
    },
    toLocaleDateString(locales, options) {
      return get().date(this, locales, options, "date", "date");
    },
    toLocaleTimeString(locales, options) {
      return get().date(this, locales, options, "time", "time");
    },
  };
  const number = {
    toLocaleString(locales, options) {
      return get().number(this, locales, options);
    },
  };
  const string = {
    localeCompare(that, locales, options) {
      return get().compare(this, that, locales, options);
    },
  };
  for (const [proto, methods] of [
    [Date.prototype, date],
    [Number.prototype, number],
    [String.prototype, string],
  ]) {
    for (const name of Object.keys(methods)) Object.defineProperty(proto, name, data(methods[name]));
  }
});
