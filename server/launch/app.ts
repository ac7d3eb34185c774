import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { isPortBusy } from './ports';

/** The project root: this file is `<root>/server/launch/app.ts`. */
export const ROOT = path.resolve(__dirname, '..', '..');
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
const BUILD_ID = path.join(ROOT, '.next', 'BUILD_ID');
const STANDALONE = path.join(ROOT, '.next', 'standalone');
const STANDALONE_SERVER = path.join(STANDALONE, 'server.js');
const SOURCES = ['app', 'components', 'lib', 'server', 'public', 'next.config.js', 'package.json', 'tsconfig.json', 'postcss.config.mjs', 'instrumentation.ts', 'proxy.ts'];
const IGNORED = new Set(['node_modules', '.next', 'emulator', 'sim', 'launch']);

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) {
    if (IGNORED.has(entry) || /\.test\.tsx?$/.test(entry)) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** Whether `.next` holds a build newer than every source file the dashboard is built from. */
export function hasCurrentBuild(): boolean {
  if (!existsSync(BUILD_ID)) return false;
  const built = statSync(BUILD_ID).mtimeMs;
  return SOURCES.every((s) => newestMtime(path.join(ROOT, s)) <= built);
}

/** Builds the dashboard with `next build` unless a current build exists. Throws with the output on failure. */
export function ensureBuild(log: (line: string) => void = console.log): void {
  if (hasCurrentBuild()) return;
  log('Building the dashboard (next build)…');
  const result = spawnSync(process.execPath, [NEXT_BIN, 'build'], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0) throw new Error(`next build failed:\n${result.stdout}\n${result.stderr}`);
  completeStandalone();
}

/**
 * `output: 'standalone'` leaves the static files out of `.next/standalone` (a CDN may serve
 * them); Eddy serves them itself, so they are copied in once after each build, as the
 * Dockerfile does. Returns the standalone server, or undefined when the build made none.
 */
export function completeStandalone(): string | undefined {
  if (!existsSync(STANDALONE_SERVER)) return undefined;
  const staticDir = path.join(STANDALONE, '.next', 'static');
  rmSync(staticDir, { recursive: true, force: true });
  cpSync(path.join(ROOT, '.next', 'static'), staticDir, { recursive: true });
  if (existsSync(path.join(ROOT, 'public'))) cpSync(path.join(ROOT, 'public'), path.join(STANDALONE, 'public'), { recursive: true, force: true });
  return STANDALONE_SERVER;
}

export interface RunningApp {
  url: string;
  port: number;
  /** The dashboard's output so far, for error reports. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartAppOptions {
  port: number;
  host?: string;
  /** Added to the current environment. */
  env?: Record<string, string | undefined>;
  /**
   * Run the standalone server (`.next/standalone/server.js`, what `npm start` and the Dockerfile
   * run) instead of `next start`. It changes directory to `.next/standalone`, so EDDY_DATA_DIR and
   * EDDY_CONFIG_FILE are made absolute (relative to the project root, as with `next start`).
   */
  standalone?: boolean;
  /** Print the dashboard's own output (the demo does; tests keep it for failures). */
  inheritOutput?: boolean;
  readyTimeoutMs?: number;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    // The child leads its own process group: killing the group also ends next-server.
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

/**
 * Starts the built dashboard (`next start`) in its own process group and waits until it answers.
 * `stop()` ends the whole group, so no orphaned `next-server` keeps the port.
 */
export async function startApp(options: StartAppOptions): Promise<RunningApp> {
  const host = options.host ?? '127.0.0.1';
  if (await isPortBusy(options.port, host)) throw new Error(`Port ${options.port} on ${host} is busy: set PORT to a free port.`);
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', PORT: String(options.port), HOST: host, ...options.env };
  let args = [NEXT_BIN, 'start', '--port', String(options.port), '--hostname', host];
  if (options.standalone) {
    const copied = path.join(STANDALONE, '.next', 'static');
    const current = existsSync(copied) && existsSync(BUILD_ID) && statSync(copied).mtimeMs >= statSync(BUILD_ID).mtimeMs;
    if (!current && !completeStandalone()) throw new Error('No standalone build in .next/standalone: run `next build` (next.config.js sets output: standalone).');
    args = [STANDALONE_SERVER];
    env.HOSTNAME = host;
    env.EDDY_DATA_DIR = path.resolve(ROOT, env.EDDY_DATA_DIR || '.eddy');
    env.EDDY_CONFIG_FILE = path.resolve(ROOT, env.EDDY_CONFIG_FILE || 'eddy.config.json');
  }
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-20_000);
    if (options.inheritOutput) process.stdout.write(text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = `http://${host}:${options.port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  let ready = false;
  while (!ready) {
    if (child.exitCode !== null) throw new Error(`The dashboard exited with code ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      killGroup(child, 'SIGKILL');
      throw new Error(`The dashboard did not answer on ${url} in time:\n${output}`);
    }
    try {
      // /api/healthz answers as soon as the server does, touching no AWS and needing no session.
      const res = await fetch(`${url}/api/healthz`, { signal: AbortSignal.timeout(10_000) });
      await res.body?.cancel();
      ready = true;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url,
    port: options.port,
    output: () => output,
    stop: async () => {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
