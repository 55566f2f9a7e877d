// The Astral extension's client: starts `astc lsp` (the astc language server, LSP over
// stdio) for `.astral` files and restarts it when its settings change or on request.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  CloseAction,
  CloseHandlerResult,
  ErrorHandler,
  ErrorHandlerResult,
  ErrorCodes,
  Executable,
  LanguageClient,
  LanguageClientOptions,
  Message,
  ResponseError,
  RevealOutputChannelOn,
} from 'vscode-languageclient/node';

/** The client id: the language client reads its trace setting from `astral.trace.server`. */
const CLIENT_ID = 'astral';
export const OUTPUT_CHANNEL_NAME = 'Astral Language Server';
export const RESTART_COMMAND = 'astral.restartServer';
const DEFAULT_COMMAND = 'astc';
const SERVER_EXITED = 'the server exited before it finished starting (its messages are in the output)';

let client: LanguageClient | undefined;
let outputChannel: vscode.OutputChannel | undefined;
let fileWatcher: vscode.FileSystemWatcher | undefined;
// Starts, stops and restarts run one after the other, never interleaved.
let queue: Promise<void> = Promise.resolve();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  outputChannel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME);
  // One watcher for the extension's lifetime; each client subscribes to it while it runs.
  fileWatcher = vscode.workspace.createFileSystemWatcher('**/*.{astral,astro}');
  context.subscriptions.push(
    outputChannel,
    fileWatcher,
    vscode.commands.registerCommand(RESTART_COMMAND, () => restart('restart requested')),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // `astral.server.path` and `astral.server.extraArgs` need a new server process;
      // `astral.trace.server` is applied by the running client itself.
      if (event.affectsConfiguration('astral.server')) {
        void restart('settings changed');
      }
    }),
  );
  await enqueue(startClient);
}

export function deactivate(): Promise<void> {
  return enqueue(stopClient);
}

function enqueue(task: () => Promise<void>): Promise<void> {
  const run = queue.then(task);
  queue = run.catch((err) => log(`error: ${describeError(err)}`));
  return run;
}

function restart(reason: string): Promise<void> {
  return enqueue(async () => {
    log(`${reason}: restarting the language server`);
    await stopClient();
    await startClient();
  });
}

async function startClient(): Promise<void> {
  const config = vscode.workspace.getConfiguration('astral');
  const setting = config.get<string>('server.path', '');
  const server = resolveServerCommand(setting, config.get<unknown>('server.extraArgs'), firstWorkspaceFolder());
  const executable = findExecutable(server.command);
  const commandLine = [server.command, ...server.args].join(' ');

  if (executable === undefined) {
    const message = setting.trim() === ''
      ? `Astral: cannot start the language server: "${DEFAULT_COMMAND}" was not found on PATH. ` +
        'Install astc and make sure it is on your PATH, or set "astral.server.path" to the astc executable.'
      : `Astral: cannot start the language server: "${server.command}" (from the "astral.server.path" setting) ` +
        'does not exist or is not executable. Point "astral.server.path" at the astc executable, or clear it to use astc from PATH.';
    log(message);
    showStartError(message);
    return;
  }

  const serverOptions: Executable = {
    command: executable,
    args: server.args,
    // `transport` is deliberately left unset: the client then talks over the process's
    // stdin/stdout. (TransportKind.stdio would also append `--stdio` to the arguments,
    // which `astc lsp` does not take.)
    options: {
      env: { ...process.env },
      // Since Node 18.20.2/20.12.2 a .cmd/.bat file can only be spawned through a shell.
      shell: process.platform === 'win32' && /\.(cmd|bat)$/i.test(executable),
    },
  };
  let next: AstralLanguageClient | undefined;
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'astral' }],
    synchronize: { fileEvents: fileWatcher },
    outputChannel,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: new StartAwareErrorHandler(() => next),
    // A failed `initialize` is reported by startClient (the default also shows a bare
    // notification of its own); do not retry it.
    initializationFailedHandler: () => false,
    // The server starts with no initialization options.
  };

  log(`starting ${commandLine}${executable !== server.command ? ` (${executable})` : ''}`);
  try {
    next = new AstralLanguageClient(CLIENT_ID, OUTPUT_CHANNEL_NAME, serverOptions, clientOptions);
    await next.start();
    next.started = true;
    client = next;
  } catch (err) {
    try {
      await next?.dispose();
    } catch {
      // Nothing to stop: it never started.
    }
    const message =
      `Astral: the language server ("${commandLine}") could not be started: ${describeError(err)}. ` +
      'Make sure astc is installed and up to date (its "lsp" command runs the server), or set "astral.server.path" to the astc executable.';
    log(message);
    showStartError(message);
  }
}

/**
 * The language client, except that until the server has started its errors go to the output
 * channel only: a failed start is reported once, by startClient, with what to do about it.
 */
class AstralLanguageClient extends LanguageClient {
  started = false;

  override error(message: string, data?: unknown, showNotification: boolean | 'force' = true): void {
    super.error(message, data, this.started ? showNotification : false);
  }

  // If the server exits while the client is starting, the client drops its start promise
  // (leaving its rejection unhandled) and start() resolves as if all went well: handle that
  // rejection, and fail unless the client is really running.
  override async start(): Promise<void> {
    const starting = super.start();
    const onStart = (this as unknown as { _onStart?: Promise<void> })._onStart;
    onStart?.catch(() => undefined);
    try {
      await starting;
      await onStart;
    } catch (err) {
      // The pending `initialize` request is rejected when the connection closes.
      if (err instanceof ResponseError && (err.code === ErrorCodes.PendingResponseRejected || err.code === ErrorCodes.ConnectionInactive)) {
        throw new Error(SERVER_EXITED);
      }
      throw err;
    }
    if (!this.isRunning()) {
      throw new Error(SERVER_EXITED);
    }
  }

  // When `initialize` fails, the client stops itself with `void this.stop()`, which rejects
  // while the client is still starting: do not leave that rejection unhandled.
  override stop(timeout?: number): Promise<void> {
    const stopping = super.stop(timeout);
    return this.started ? stopping : stopping.catch(() => undefined);
  }
}

/**
 * The default error handling (restart a server that crashes, up to 4 times in 3 minutes),
 * except that a server that exits before it has started is not restarted: startClient
 * reports it (a wrong `astral.server.path`, an astc without the `lsp` command, …).
 */
class StartAwareErrorHandler implements ErrorHandler {
  private fallback: ErrorHandler | undefined;

  constructor(private readonly client: () => AstralLanguageClient | undefined) {}

  private get default(): ErrorHandler | undefined {
    const current = this.client();
    if (this.fallback === undefined && current !== undefined) {
      this.fallback = current.createDefaultErrorHandler();
    }
    return this.fallback;
  }

  error(error: Error, message: Message | undefined, count: number | undefined): ErrorHandlerResult | Promise<ErrorHandlerResult> {
    const fallback = this.default;
    if (fallback === undefined) {
      throw error;
    }
    return fallback.error(error, message, count);
  }

  closed(): CloseHandlerResult | Promise<CloseHandlerResult> {
    const current = this.client();
    if (current === undefined || !current.started) {
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    return this.default?.closed() ?? { action: CloseAction.DoNotRestart };
  }
}

async function stopClient(): Promise<void> {
  const current = client;
  client = undefined;
  if (current === undefined) {
    return;
  }
  try {
    await current.dispose();
  } catch (err) {
    log(`stopping the language server failed: ${describeError(err)}`);
  }
}

function showStartError(message: string): void {
  void vscode.window.showErrorMessage(message, 'Open Settings', 'Show Output').then((choice) => {
    if (choice === 'Open Settings') {
      void vscode.commands.executeCommand('workbench.action.openSettings', 'astral.server.path');
    } else if (choice === 'Show Output') {
      outputChannel?.show(true);
    }
  });
}

function log(message: string): void {
  outputChannel?.appendLine(`[astral] ${message}`);
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    return err.message;
  }
  return String(err);
}

function firstWorkspaceFolder(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  return folder?.uri.fsPath;
}

export interface ServerCommand {
  /** The executable: a bare name to look up on PATH, or a path. */
  command: string;
  /** `lsp` followed by the extra arguments from `astral.server.extraArgs`. */
  args: string[];
}

/**
 * The server's command line from the settings: `astral.server.path` (empty: `astc` from
 * PATH; `~` and `${workspaceFolder}` expanded; a relative path resolved against the first
 * workspace folder), then `lsp` and `astral.server.extraArgs`.
 */
export function resolveServerCommand(
  setting: string | undefined,
  extraArgs: unknown,
  workspaceFolder: string | undefined,
  pathModule: path.PlatformPath = path,
): ServerCommand {
  let command = (setting ?? '').trim();
  if (command === '') {
    command = DEFAULT_COMMAND;
  } else {
    if (workspaceFolder !== undefined) {
      command = command.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
    }
    if (command === '~' || command.startsWith('~/') || command.startsWith('~\\')) {
      command = pathModule.join(os.homedir(), command.slice(1));
    }
    if (isPathLike(command) && !pathModule.isAbsolute(command) && workspaceFolder !== undefined) {
      command = pathModule.resolve(workspaceFolder, command);
    }
  }
  const extra = Array.isArray(extraArgs) ? extraArgs.filter((a): a is string => typeof a === 'string') : [];
  return { command, args: ['lsp', ...extra] };
}

function isPathLike(command: string): boolean {
  return command.includes('/') || command.includes('\\');
}

/**
 * The executable file `command` names: itself if it is a path, otherwise the first match on
 * PATH (with PATHEXT's extensions on Windows). Undefined when there is none.
 */
export function findExecutable(
  command: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const windows = platform === 'win32';
  const pathExt = (env.PATHEXT ?? env.Pathext ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((e) => e !== '');
  // On Windows `astc` means `astc.exe` (or another PATHEXT extension) unless it has one.
  const hasExecutableExt = pathExt.some((e) => command.toLowerCase().endsWith(e.toLowerCase()));
  const extensions = windows && !hasExecutableExt ? pathExt : [''];
  const candidates = (base: string) => extensions.map((ext) => base + ext);

  if (isPathLike(command) || path.isAbsolute(command)) {
    return candidates(command).find((c) => isExecutableFile(c, windows));
  }
  const dirs = (env.PATH ?? env.Path ?? '').split(windows ? ';' : ':').filter((d) => d !== '');
  for (const dir of dirs) {
    const found = candidates(path.join(dir, command)).find((c) => isExecutableFile(c, windows));
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}

function isExecutableFile(file: string, windows: boolean): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (!windows) {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}
