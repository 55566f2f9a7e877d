// ECMA-402's option handling and the `Intl` constructors, over the natives of intl/mod.rs
// (which own the ICU4X formatters). Evaluated once per context, on the first use of `Intl`
// or of a locale method (see prelude.js). Returns the `Intl` object and the functions behind
// the locale methods. Options ICU4X cannot honour throw a RangeError naming them, never a
// result that differs from the one asked for.
(function (native) {
  "use strict";
  const DEFAULT_LOCALE = "en-US";
  const hostTimeZone = native.hostTimeZone();

  function refuse(service, name, value) {
    throw new RangeError(`${service}: the option ${name} ${JSON.stringify(value)} is not supported by astc`);
  }

  function canonicalizeLocaleList(locales) {
    if (locales === undefined) return [];
    const list = typeof locales === "string" ? [locales] : Object(locales);
    const length = Math.min(Math.max(Math.trunc(Number(list.length)) || 0, 0), 2 ** 32);
    const seen = [];
    for (let k = 0; k < length; k++) {
      if (!(k in list)) continue;
      const tag = list[k];
      if (typeof tag !== "string" && (typeof tag !== "object" || tag === null))
        throw new TypeError("Language ID should be string or object.");
      const canonical = native.canonicalize(String(tag));
      if (!seen.includes(canonical)) seen.push(canonical);
    }
    return seen;
  }
  function resolveLocale(locales) {
    const list = canonicalizeLocaleList(locales);
    return list.length > 0 ? list[0] : DEFAULT_LOCALE;
  }
  function toOptions(options) {
    if (options === undefined) return Object.create(null);
    if (options === null) throw new TypeError("Cannot convert undefined or null to object");
    return Object(options);
  }
  function getOption(options, name, type, values, fallback, service) {
    let value = options[name];
    if (value === undefined) return fallback;
    value = type === "boolean" ? Boolean(value) : String(value);
    if (values !== undefined && !values.includes(value))
      throw new RangeError(`Value ${value} out of range for ${service} options property ${name}`);
    return value;
  }
  function getNumberOption(options, name, min, max, fallback) {
    let value = options[name];
    if (value === undefined) return fallback;
    value = Number(value);
    if (Number.isNaN(value) || value < min || value > max) throw new RangeError(`${name} value is out of range.`);
    return Math.floor(value);
  }
  function supportedLocalesOf(locales, options) {
    if (options !== undefined) getOption(toOptions(options), "localeMatcher", "string", ["lookup", "best fit"], "best fit", "Intl");
    return canonicalizeLocaleList(locales);
  }
  function refuseNumberingSystem(options, service) {
    const system = getOption(options, "numberingSystem", "string", undefined, undefined, service);
    if (system !== undefined && system !== "latn") refuse(service, "numberingSystem", system);
  }
  // Resolved options in the order V8 lists them.
  function ordered(values, keys) {
    const out = {};
    for (const key of keys) if (values[key] !== undefined) out[key] = values[key];
    return out;
  }

  // Each instance's native state, by object; the prototypes' methods check it.
  function service(name, constructor, methods, getters) {
    const states = new WeakMap();
    const state = (object, method) => {
      const s = typeof object === "object" && object !== null ? states.get(object) : undefined;
      if (s === undefined)
        throw new TypeError(`Method Intl.${name}.prototype.${method} called on incompatible receiver ${String(object)}`);
      return s;
    };
    const proto = constructor.prototype;
    for (const [key, f] of Object.entries(methods))
      Object.defineProperty(proto, key, {
        value: { [key](...args) { return f(state(this, key), ...args); } }[key],
        writable: true,
        configurable: true,
      });
    for (const [key, f] of Object.entries(getters ?? {}))
      Object.defineProperty(proto, key, {
        get: Object.getOwnPropertyDescriptor({ get [key]() { return f(state(this, key)); } }, key).get,
        configurable: true,
      });
    Object.defineProperty(proto, Symbol.toStringTag, { value: `Intl.${name}`, configurable: true });
    Object.defineProperty(constructor, "supportedLocalesOf", {
      value: { supportedLocalesOf }.supportedLocalesOf,
      writable: true,
      configurable: true,
    });
    return (object, s) => {
      states.set(object, s);
      return object;
    };
  }

  // ---- DateTimeFormat

  const DATE_FIELDS = [
    ["weekday", ["narrow", "short", "long"]],
    ["era", ["narrow", "short", "long"]],
    ["year", ["2-digit", "numeric"]],
    ["month", ["2-digit", "numeric", "narrow", "short", "long"]],
    ["day", ["2-digit", "numeric"]],
    ["dayPeriod", ["narrow", "short", "long"]],
    ["hour", ["2-digit", "numeric"]],
    ["minute", ["2-digit", "numeric"]],
    ["second", ["2-digit", "numeric"]],
    ["fractionalSecondDigits", undefined],
    ["timeZoneName", ["short", "long", "shortOffset", "longOffset", "shortGeneric", "longGeneric"]],
  ];
  const STYLES = ["full", "long", "medium", "short"];
  const UTC_NAMES = ["UTC", "ETC/UTC", "ETC/GMT", "GMT", "ETC/UCT", "UCT", "ETC/UNIVERSAL", "ETC/ZULU", "ZULU"];

  function resolveTimeZone(name) {
    const upper = name.toUpperCase();
    if (UTC_NAMES.includes(upper)) return { name: "UTC", utc: true };
    if (upper === hostTimeZone.toUpperCase()) return { name: hostTimeZone, utc: hostTimeZone === "UTC" };
    if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name))
      throw new RangeError(`Invalid time zone specified: ${name}`);
    throw new RangeError(
      `Intl.DateTimeFormat: the time zone ${name} is not supported by astc (only UTC and the host's, ${hostTimeZone})`,
    );
  }

  function createDateTimeFormat(locales, options, required, defaults) {
    const S = "Intl.DateTimeFormat";
    const locale = resolveLocale(locales);
    options = toOptions(options);
    getOption(options, "localeMatcher", "string", ["lookup", "best fit"], "best fit", S);
    const calendar = getOption(options, "calendar", "string", undefined, undefined, S);
    if (calendar !== undefined && calendar !== "gregory") refuse(S, "calendar", calendar);
    refuseNumberingSystem(options, S);
    const hour12 = getOption(options, "hour12", "boolean", undefined, undefined, S);
    let hourCycle = getOption(options, "hourCycle", "string", ["h11", "h12", "h23", "h24"], undefined, S);
    if (hour12 !== undefined) hourCycle = hour12 ? "h12" : "h23";
    if (hourCycle === "h24") refuse(S, "hourCycle", hourCycle);
    const zone =
      options.timeZone === undefined
        ? { name: hostTimeZone, utc: hostTimeZone === "UTC" }
        : resolveTimeZone(String(options.timeZone));
    const fields = {};
    for (const [name, values] of DATE_FIELDS) {
      fields[name] =
        name === "fractionalSecondDigits"
          ? getNumberOption(options, name, 1, 3, undefined)
          : getOption(options, name, "string", values, undefined, S);
    }
    getOption(options, "formatMatcher", "string", ["basic", "best fit"], "best fit", S);
    const dateStyle = getOption(options, "dateStyle", "string", STYLES, undefined, S);
    const timeStyle = getOption(options, "timeStyle", "string", STYLES, undefined, S);
    if (dateStyle !== undefined || timeStyle !== undefined) {
      for (const [name] of DATE_FIELDS)
        if (fields[name] !== undefined)
          throw new TypeError(`Can't set option ${name} when ${dateStyle !== undefined ? "dateStyle" : "timeStyle"} is used`);
      if (required === "date" && dateStyle === undefined) throw new TypeError("Invalid option : timeStyle");
      if (required === "time" && timeStyle === undefined) throw new TypeError("Invalid option : dateStyle");
    } else {
      let needDefaults = true;
      if (required !== "time")
        for (const name of ["weekday", "year", "month", "day"]) if (fields[name] !== undefined) needDefaults = false;
      if (required !== "date")
        for (const name of ["dayPeriod", "hour", "minute", "second", "fractionalSecondDigits"])
          if (fields[name] !== undefined) needDefaults = false;
      if (needDefaults && defaults !== "time") fields.year = fields.month = fields.day = "numeric";
      if (needDefaults && defaults !== "date") fields.hour = fields.minute = fields.second = "numeric";
    }
    for (const name of ["era", "dayPeriod", "fractionalSecondDigits", "timeZoneName"])
      if (fields[name] !== undefined) refuse(S, name, fields[name]);
    const showsHour = fields.hour !== undefined || timeStyle !== undefined;
    const request = {
      weekday: fields.weekday,
      year: fields.year,
      month: fields.month,
      day: fields.day,
      hour: fields.hour,
      minute: fields.minute,
      second: fields.second,
      dateStyle,
      timeStyle,
      hourCycle: showsHour ? hourCycle : undefined,
    };
    const made = JSON.parse(native.dateTimeFormat(locale, JSON.stringify(request)));
    made.resolved.timeZone = zone.name;
    return { id: made.id, resolved: made.resolved, utc: zone.utc, bound: undefined };
  }

  function formatDate(s, date, parts) {
    const time = date === undefined ? Date.now() : Number(date);
    if (!Number.isFinite(time)) throw new RangeError("Invalid time value");
    const d = new Date(time);
    const fields = s.utc
      ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
      : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
    return native.dateTimeFormatFormat(s.id, parts, fields);
  }
  function toParts(json, extra) {
    return JSON.parse(json).map(([type, value]) => ({ type, value, ...extra?.(type) }));
  }

  function DateTimeFormat(locales, options) {
    const object = new.target === undefined ? Object.create(DateTimeFormat.prototype) : this;
    return attachDateTimeFormat(object, createDateTimeFormat(locales, options, "any", "date"));
  }
  const attachDateTimeFormat = service(
    "DateTimeFormat",
    DateTimeFormat,
    {
      formatToParts: (s, date) => toParts(formatDate(s, date, true)),
      resolvedOptions: (s) =>
        ordered(s.resolved, [
          "locale", "calendar", "numberingSystem", "timeZone", "hourCycle", "hour12", "weekday", "year",
          "month", "day", "hour", "minute", "second", "dateStyle", "timeStyle",
        ]),
    },
    { format: (s) => (s.bound ??= (date) => formatDate(s, date, false)) },
  );

  // The locale methods of Date: a formatter per (locales, options, method) while the options
  // are absent (the common case), made again otherwise (the natives still reuse theirs).
  const dateFormatters = new Map();
  function dateToLocale(date, locales, options, required, defaults) {
    const time = Date.prototype.getTime.call(date);
    if (Number.isNaN(time)) return "Invalid Date";
    let s;
    if (options === undefined && (locales === undefined || typeof locales === "string")) {
      const key = `${required}\0${locales ?? ""}`;
      s = dateFormatters.get(key);
      if (s === undefined) dateFormatters.set(key, (s = createDateTimeFormat(locales, undefined, required, defaults)));
    } else {
      s = createDateTimeFormat(locales, options, required, defaults);
    }
    return formatDate(s, time, false);
  }

  // ---- NumberFormat

  function createNumberFormat(locales, options) {
    const S = "Intl.NumberFormat";
    const locale = resolveLocale(locales);
    options = toOptions(options);
    getOption(options, "localeMatcher", "string", ["lookup", "best fit"], "best fit", S);
    refuseNumberingSystem(options, S);
    const style = getOption(options, "style", "string", ["decimal", "percent", "currency", "unit"], "decimal", S);
    let currency = getOption(options, "currency", "string", undefined, undefined, S);
    if (currency !== undefined && !/^[A-Za-z]{3}$/.test(currency))
      throw new RangeError(`Invalid currency code : ${currency}`);
    const currencyDisplay = getOption(options, "currencyDisplay", "string", ["code", "symbol", "narrowSymbol", "name"], "symbol", S);
    const currencySign = getOption(options, "currencySign", "string", ["standard", "accounting"], "standard", S);
    const unit = getOption(options, "unit", "string", undefined, undefined, S);
    getOption(options, "unitDisplay", "string", ["short", "narrow", "long"], "short", S);
    if (style === "currency" && currency === undefined) throw new TypeError("Currency code is required with currency style.");
    if (style === "unit" && unit === undefined) throw new TypeError("Unit is required with unit style.");
    if (style === "unit") refuse(S, "style", style);
    if (style === "currency") {
      currency = currency.toUpperCase();
      if (currencyDisplay !== "symbol") refuse(S, "currencyDisplay", currencyDisplay);
      if (currencySign !== "standard") refuse(S, "currencySign", currencySign);
    }
    const notation = getOption(options, "notation", "string", ["standard", "scientific", "engineering", "compact"], "standard", S);
    if (notation !== "standard") refuse(S, "notation", notation);
    const minimumIntegerDigits = getNumberOption(options, "minimumIntegerDigits", 1, 21, 1);
    let minimumFractionDigits = getNumberOption(options, "minimumFractionDigits", 0, 100, undefined);
    let maximumFractionDigits = getNumberOption(options, "maximumFractionDigits", 0, 100, undefined);
    for (const name of ["minimumSignificantDigits", "maximumSignificantDigits"])
      if (options[name] !== undefined) refuse(S, name, options[name]);
    const roundingIncrement = getNumberOption(options, "roundingIncrement", 1, 5000, 1);
    if (roundingIncrement !== 1) refuse(S, "roundingIncrement", roundingIncrement);
    const roundingMode = getOption(options, "roundingMode", "string", undefined, "halfExpand", S);
    if (roundingMode !== "halfExpand") refuse(S, "roundingMode", roundingMode);
    const roundingPriority = getOption(options, "roundingPriority", "string", ["auto", "morePrecision", "lessPrecision"], "auto", S);
    if (roundingPriority !== "auto") refuse(S, "roundingPriority", roundingPriority);
    const trailingZeroDisplay = getOption(options, "trailingZeroDisplay", "string", ["auto", "stripIfInteger"], "auto", S);
    if (trailingZeroDisplay !== "auto") refuse(S, "trailingZeroDisplay", trailingZeroDisplay);
    if (style === "currency") {
      // ICU4X rounds to the currency's own digits.
      if (minimumFractionDigits !== undefined) refuse(S, "minimumFractionDigits", minimumFractionDigits);
      if (maximumFractionDigits !== undefined) refuse(S, "maximumFractionDigits", maximumFractionDigits);
    } else {
      const [defaultMin, defaultMax] = style === "percent" ? [0, 0] : [0, 3];
      if (minimumFractionDigits === undefined && maximumFractionDigits === undefined) {
        minimumFractionDigits = defaultMin;
        maximumFractionDigits = defaultMax;
      } else if (minimumFractionDigits === undefined) {
        minimumFractionDigits = Math.min(defaultMin, maximumFractionDigits);
      } else if (maximumFractionDigits === undefined) {
        maximumFractionDigits = Math.max(defaultMax, minimumFractionDigits);
      } else if (minimumFractionDigits > maximumFractionDigits) {
        throw new RangeError("maximumFractionDigits value is out of range.");
      }
    }
    let useGrouping = options.useGrouping;
    if (useGrouping === undefined) useGrouping = "auto";
    else if (useGrouping === true) useGrouping = "always";
    else if (!useGrouping) useGrouping = false;
    else {
      useGrouping = String(useGrouping);
      if (useGrouping === "true" || useGrouping === "false") useGrouping = "auto";
      else if (!["min2", "auto", "always"].includes(useGrouping))
        throw new RangeError(`Value ${useGrouping} out of range for ${S} options property useGrouping`);
    }
    const signDisplay = getOption(options, "signDisplay", "string", ["auto", "never", "always", "exceptZero", "negative"], "auto", S);
    const request = {
      style,
      currency,
      minimumIntegerDigits,
      minimumFractionDigits,
      maximumFractionDigits,
      useGrouping: String(useGrouping),
      signDisplay,
    };
    const made = JSON.parse(native.numberFormat(locale, JSON.stringify(request)));
    const resolved = {
      locale: made.locale,
      numberingSystem: "latn",
      style,
      currency,
      currencyDisplay: style === "currency" ? currencyDisplay : undefined,
      currencySign: style === "currency" ? currencySign : undefined,
      minimumIntegerDigits,
      minimumFractionDigits,
      maximumFractionDigits,
      useGrouping,
      notation,
      signDisplay,
      roundingMode,
      roundingIncrement,
      trailingZeroDisplay,
      roundingPriority,
    };
    return { id: made.id, resolved, style, bound: undefined };
  }

  function formatNumber(s, value, parts) {
    const x = typeof value === "bigint" ? Number(value) : Number(value);
    if (Number.isFinite(x)) return native.numberFormatFormat(s.id, parts, x);
    if (s.style !== "decimal") refuse("Intl.NumberFormat", "style", s.style + " with a value that is not finite");
    const text = Number.isNaN(x) ? "NaN" : "∞";
    const sign = x < 0 && s.resolved.signDisplay !== "never" ? "-" : "";
    if (!parts) return sign + text;
    const list = sign ? [["minusSign", "-"]] : [];
    list.push([Number.isNaN(x) ? "nan" : "infinity", text]);
    return JSON.stringify(list);
  }

  function NumberFormat(locales, options) {
    const object = new.target === undefined ? Object.create(NumberFormat.prototype) : this;
    return attachNumberFormat(object, createNumberFormat(locales, options));
  }
  const attachNumberFormat = service(
    "NumberFormat",
    NumberFormat,
    {
      formatToParts: (s, value) => toParts(formatNumber(s, value, true)),
      resolvedOptions: (s) => ordered(s.resolved, Object.keys(s.resolved)),
    },
    { format: (s) => (s.bound ??= (value) => formatNumber(s, value, false)) },
  );

  const numberFormatters = new Map();
  function numberToLocale(value, locales, options) {
    const x = Number.prototype.valueOf.call(value);
    let s;
    if (options === undefined && (locales === undefined || typeof locales === "string")) {
      s = numberFormatters.get(locales ?? "");
      if (s === undefined) numberFormatters.set(locales ?? "", (s = createNumberFormat(locales, undefined)));
    } else {
      s = createNumberFormat(locales, options);
    }
    return formatNumber(s, x, false);
  }

  // ---- PluralRules

  function PluralRules(locales, options) {
    if (new.target === undefined) throw new TypeError("Constructor Intl.PluralRules requires 'new'");
    const S = "Intl.PluralRules";
    const locale = resolveLocale(locales);
    options = toOptions(options);
    getOption(options, "localeMatcher", "string", ["lookup", "best fit"], "best fit", S);
    const type = getOption(options, "type", "string", ["cardinal", "ordinal"], "cardinal", S);
    const minimumIntegerDigits = getNumberOption(options, "minimumIntegerDigits", 1, 21, 1);
    let minimumFractionDigits = getNumberOption(options, "minimumFractionDigits", 0, 100, undefined);
    let maximumFractionDigits = getNumberOption(options, "maximumFractionDigits", 0, 100, undefined);
    for (const name of ["minimumSignificantDigits", "maximumSignificantDigits"])
      if (options[name] !== undefined) refuse(S, name, options[name]);
    if (minimumFractionDigits === undefined) minimumFractionDigits = Math.min(0, maximumFractionDigits ?? 0);
    if (maximumFractionDigits === undefined) maximumFractionDigits = Math.max(3, minimumFractionDigits);
    if (minimumFractionDigits > maximumFractionDigits) throw new RangeError("maximumFractionDigits value is out of range.");
    const made = JSON.parse(native.pluralRules(locale, type === "ordinal", minimumFractionDigits, maximumFractionDigits));
    return attachPluralRules(this, {
      id: made.id,
      resolved: {
        locale: made.locale,
        type,
        minimumIntegerDigits,
        minimumFractionDigits,
        maximumFractionDigits,
        pluralCategories: made.categories,
      },
    });
  }
  const attachPluralRules = service("PluralRules", PluralRules, {
    select: (s, value) => native.pluralSelect(s.id, Number(value)),
    resolvedOptions: (s) => ({ ...s.resolved, pluralCategories: [...s.resolved.pluralCategories] }),
  });

  // ---- RelativeTimeFormat

  const UNITS = ["second", "minute", "hour", "day", "week", "month", "quarter", "year"];
  function RelativeTimeFormat(locales, options) {
    if (new.target === undefined) throw new TypeError("Constructor Intl.RelativeTimeFormat requires 'new'");
    const S = "Intl.RelativeTimeFormat";
    const locale = resolveLocale(locales);
    options = toOptions(options);
    getOption(options, "localeMatcher", "string", ["lookup", "best fit"], "best fit", S);
    refuseNumberingSystem(options, S);
    const style = getOption(options, "style", "string", ["long", "short", "narrow"], "long", S);
    const numeric = getOption(options, "numeric", "string", ["always", "auto"], "always", S);
    const made = JSON.parse(native.relativeTimeFormat(locale, style, numeric));
    return attachRelativeTimeFormat(this, {
      id: made.id,
      resolved: { locale: made.locale, style, numeric, numberingSystem: "latn" },
    });
  }
  function formatRelative(s, value, unit, parts) {
    value = Number(value);
    if (!Number.isFinite(value)) throw new RangeError("Invalid number value");
    unit = String(unit);
    const singular = UNITS.includes(unit) ? unit : UNITS.find((u) => `${u}s` === unit);
    if (singular === undefined) throw new RangeError(`Invalid unit argument for format() '${unit}'`);
    const out = native.relativeTimeFormatFormat(s.id, parts, value, singular);
    return parts ? toParts(out, (type) => (type === "literal" ? undefined : { unit: singular })) : out;
  }
  const attachRelativeTimeFormat = service("RelativeTimeFormat", RelativeTimeFormat, {
    format: (s, value, unit) => formatRelative(s, value, unit, false),
    formatToParts: (s, value, unit) => formatRelative(s, value, unit, true),
    resolvedOptions: (s) => ({ ...s.resolved }),
  });

  // ---- Collator

  function createCollator(locales, options) {
    const S = "Intl.Collator";
    const locale = resolveLocale(locales);
    options = toOptions(options);
    const usage = getOption(options, "usage", "string", ["sort", "search"], "sort", S);
    if (usage !== "sort") refuse(S, "usage", usage);
    getOption(options, "localeMatcher", "string", ["lookup", "best fit"], "best fit", S);
    const collation = getOption(options, "collation", "string", undefined, undefined, S);
    if (collation !== undefined && collation !== "default") refuse(S, "collation", collation);
    const numeric = getOption(options, "numeric", "boolean", undefined, false, S);
    const caseFirst = getOption(options, "caseFirst", "string", ["upper", "lower", "false"], "false", S);
    const sensitivity = getOption(options, "sensitivity", "string", ["base", "accent", "case", "variant"], "variant", S);
    const ignorePunctuation = getOption(options, "ignorePunctuation", "boolean", undefined, false, S);
    const request = { sensitivity, numeric, caseFirst, ignorePunctuation };
    const made = JSON.parse(native.collator(locale, JSON.stringify(request)));
    return {
      id: made.id,
      resolved: { locale: made.locale, usage, sensitivity, ignorePunctuation, collation: "default", numeric, caseFirst },
      bound: undefined,
    };
  }
  function Collator(locales, options) {
    const object = new.target === undefined ? Object.create(Collator.prototype) : this;
    return attachCollator(object, createCollator(locales, options));
  }
  const attachCollator = service(
    "Collator",
    Collator,
    { resolvedOptions: (s) => ({ ...s.resolved }) },
    { compare: (s) => (s.bound ??= (x, y) => native.collatorCompare(s.id, String(x), String(y))) },
  );

  const collators = new Map();
  function localeCompare(string, that, locales, options) {
    if (string === undefined || string === null)
      throw new TypeError("String.prototype.localeCompare called on null or undefined");
    let s;
    if (options === undefined && (locales === undefined || typeof locales === "string")) {
      s = collators.get(locales ?? "");
      if (s === undefined) collators.set(locales ?? "", (s = createCollator(locales, undefined)));
    } else {
      s = createCollator(locales, options);
    }
    return native.collatorCompare(s.id, String(string), String(that));
  }

  // ---- Segmenter

  function Segmenter(locales, options) {
    if (new.target === undefined) throw new TypeError("Constructor Intl.Segmenter requires 'new'");
    const S = "Intl.Segmenter";
    const locale = resolveLocale(locales);
    options = toOptions(options);
    getOption(options, "localeMatcher", "string", ["lookup", "best fit"], "best fit", S);
    const granularity = getOption(options, "granularity", "string", ["grapheme", "word", "sentence"], "grapheme", S);
    return attachSegmenter(this, { locale, granularity });
  }
  // What `segment()` returns: iterable, and `containing(index)`; segmented on first use.
  class Segments {
    #granularity;
    #input;
    #list;
    constructor(granularity, input) {
      this.#granularity = granularity;
      this.#input = input;
    }
    #segments() {
      if (this.#list === undefined) {
        const starts = JSON.parse(native.segment(this.#granularity, this.#input));
        this.#list = starts.map(([index, wordLike], i) => {
          const end = i + 1 < starts.length ? starts[i + 1][0] : this.#input.length;
          const data = { segment: this.#input.slice(index, end), index, input: this.#input };
          if (this.#granularity === "word") data.isWordLike = wordLike;
          return data;
        });
      }
      return this.#list;
    }
    containing(index) {
      const n = index === undefined ? 0 : Math.trunc(Number(index)) || 0;
      if (n < 0 || n >= this.#input.length) return undefined;
      const found = this.#segments().findLast((s) => s.index <= n);
      return found === undefined ? undefined : { ...found };
    }
    *[Symbol.iterator]() {
      for (const s of this.#segments()) yield { ...s };
    }
  }
  const attachSegmenter = service("Segmenter", Segmenter, {
    segment: (s, input) => new Segments(s.granularity, String(input)),
    resolvedOptions: (s) => ({ locale: s.locale, granularity: s.granularity }),
  });

  // ---- Intl

  const Intl = {};
  const constructors = { DateTimeFormat, NumberFormat, PluralRules, RelativeTimeFormat, Collator, Segmenter };
  for (const [name, value] of Object.entries(constructors)) {
    Object.defineProperty(value.prototype, "constructor", { value, writable: true, configurable: true });
    Object.defineProperty(Intl, name, { value, writable: true, configurable: true });
  }
  Object.defineProperty(Intl, "getCanonicalLocales", {
    value: { getCanonicalLocales: (locales) => canonicalizeLocaleList(locales) }.getCanonicalLocales,
    writable: true,
    configurable: true,
  });
  Object.defineProperty(Intl, Symbol.toStringTag, { value: "Intl", configurable: true });
  return { Intl, date: dateToLocale, number: numberToLocale, compare: localeCompare };
});
