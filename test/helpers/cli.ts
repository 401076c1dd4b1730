/**
 * Runs the built CLI (`dist/cli/main.js`) in a child process the way a user does, and waits for
 * a line that says it is ready. Children are killed by `stopChildren()` (call it in `afterAll`).
 */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { createServer } from "node:net";

export const cli = new URL("../../dist/cli/main.js", import.meta.url).pathname;

const children: ChildProcess[] = [];

export function stopChildren(): void {
  for (const child of children.splice(0)) child.kill("SIGTERM");
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address() as { port: number };
      server.close(() => resolve(address.port));
    });
  });
}

export interface RunOptions {
  /** Output that means the process is ready; `Gateway listening` by default. */
  ready?: RegExp;
  /** Added to (or, with `replaceEnv`, instead of) the test process's environment. */
  env?: Record<string, string>;
  replaceEnv?: boolean;
  cwd?: string;
}

export function runCli(
  args: string[],
  options: RunOptions = {},
): Promise<{ child: ChildProcess; output: () => string }> {
  const ready = options.ready ?? /Gateway listening/;
  const spawnOptions: SpawnOptions = {
    stdio: ["ignore", "pipe", "pipe"],
    env: options.replaceEnv ? { ...options.env } : { ...process.env, ...options.env },
    ...(options.cwd ? { cwd: options.cwd } : {}),
  };
  const child = spawn(process.execPath, [cli, ...args], spawnOptions);
  children.push(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      clearInterval(check);
      reject(new Error(`not ready (exit ${String(child.exitCode)}, args ${args.join(" ")}): ${output}`));
    }, 8_000);
    const check = setInterval(() => {
      if (ready.test(output)) {
        clearInterval(check);
        clearTimeout(timer);
        setTimeout(() => resolve({ child, output: () => output }), 100);
      } else if (child.exitCode !== null) {
        clearInterval(check);
        clearTimeout(timer);
        reject(new Error(`exited with ${child.exitCode} before ready (args ${args.join(" ")}): ${output}`));
      }
    }, 25);
  });
}
