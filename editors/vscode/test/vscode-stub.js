// A stand-in for the `vscode` module, enough to load the bundled client (out/extension.js)
// and run activate()/deactivate() in plain Node, without VS Code. Anything the tests do not
// model explicitly is an inert stub: property reads give stubs, calls and `new` return
// stubs, `dispose()` does nothing. `install()` makes `require('vscode')` return it.
'use strict';
const Module = require('module');

function inert(name) {
  const target = function () {};
  return new Proxy(target, {
    get(_t, prop) {
      if (prop === 'then' || typeof prop === 'symbol') return undefined;
      if (prop === 'dispose') return () => {};
      if (prop === 'toString') return () => `[stub ${name}]`;
      return inert(`${name}.${String(prop)}`);
    },
    apply() {
      return inert(`${name}()`);
    },
    construct() {
      return inert(`new ${name}`);
    },
  });
}

class EventEmitter {
  constructor() {
    this.listeners = new Set();
    this.event = (listener) => {
      this.listeners.add(listener);
      return { dispose: () => this.listeners.delete(listener) };
    };
  }
  fire(value) {
    for (const l of [...this.listeners]) l(value);
  }
  dispose() {
    this.listeners.clear();
  }
}

class Disposable {
  constructor(fn) {
    this.fn = fn;
  }
  static from(...items) {
    return new Disposable(() => items.forEach((d) => d && d.dispose && d.dispose()));
  }
  dispose() {
    if (this.fn) this.fn();
    this.fn = undefined;
  }
}

/** A fresh fake VS Code API; `state` records what the extension did with it. */
function createVscode(settings = {}) {
  const state = {
    settings: { ...settings },
    outputChannels: [],
    commands: new Map(),
    errors: [],
    executed: [],
    configListeners: new EventEmitter(),
    watchers: [],
  };
  const explicit = {
    version: '1.85.0',
    // Sent in `initialize` (clientInfo, locale): must be plain values, not stubs.
    env: { appName: 'Visual Studio Code (test stub)', language: 'en', machineId: 'test', sessionId: 'test', uiKind: 1 },
    EventEmitter,
    Disposable,
    window: {
      createOutputChannel(name) {
        const channel = {
          name,
          lines: [],
          append(text) {
            this.lines.push(text);
          },
          appendLine(text) {
            this.lines.push(`${text}\n`);
          },
          replace() {},
          clear() {},
          show() {},
          hide() {},
          dispose() {},
          text() {
            return this.lines.join('');
          },
        };
        state.outputChannels.push(channel);
        return channel;
      },
      showErrorMessage(message, ...items) {
        state.errors.push({ message, items });
        return Promise.resolve(undefined);
      },
      showWarningMessage() {
        return Promise.resolve(undefined);
      },
      showInformationMessage() {
        return Promise.resolve(undefined);
      },
    },
    workspace: {
      workspaceFolders: undefined,
      textDocuments: [],
      getConfiguration(section) {
        return {
          get(key, defaultValue) {
            const full = section ? `${section}.${key}` : key;
            return full in state.settings ? state.settings[full] : defaultValue;
          },
        };
      },
      onDidChangeConfiguration: (listener) => state.configListeners.event(listener),
      createFileSystemWatcher(glob) {
        const watcher = {
          glob,
          onDidCreate: new EventEmitter().event,
          onDidChange: new EventEmitter().event,
          onDidDelete: new EventEmitter().event,
          dispose() {},
        };
        state.watchers.push(watcher);
        return watcher;
      },
    },
    commands: {
      registerCommand(id, fn) {
        state.commands.set(id, fn);
        return { dispose: () => state.commands.delete(id) };
      },
      executeCommand(...args) {
        state.executed.push(args);
        return Promise.resolve(undefined);
      },
    },
  };
  const fill = (obj, name) =>
    new Proxy(obj, {
      get(t, prop) {
        if (prop in t) return t[prop];
        if (prop === 'then' || typeof prop === 'symbol') return undefined;
        return inert(`${name}.${String(prop)}`);
      },
    });
  const api = fill(
    {
      ...explicit,
      window: fill(explicit.window, 'vscode.window'),
      workspace: fill(explicit.workspace, 'vscode.workspace'),
      commands: fill(explicit.commands, 'vscode.commands'),
    },
    'vscode',
  );
  /** Changes settings and fires onDidChangeConfiguration for them. */
  state.changeSettings = (changes) => {
    Object.assign(state.settings, changes);
    const keys = Object.keys(changes);
    state.configListeners.fire({
      affectsConfiguration: (section) => keys.some((k) => k === section || k.startsWith(`${section}.`)),
    });
  };
  return { api, state };
}

let current;
let installed = false;
/** Routes `require('vscode')` to the API of the latest createVscode() passed here. */
function install(vscode) {
  current = vscode;
  if (!installed) {
    installed = true;
    const load = Module._load;
    Module._load = function (request, ...rest) {
      if (request === 'vscode') return current.api;
      return load.call(this, request, ...rest);
    };
  }
}

module.exports = { createVscode, install };
