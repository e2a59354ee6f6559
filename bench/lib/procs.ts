/** Child processes for the benchmark: start one, wait for its port, read its resident memory, stop it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Target {
  name: string;
  port: number;
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the first 200 of GET /readyz. */
  readyMs: number;
  rssMb(): number;
  stop(): Promise<void>;
}

export function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}

/** Spawns `node script` with env; resolves once it printed "listening <port>" and /readyz answers 200. */
export async function startTarget(name: string, script: string, env: Record<string, string>, fixedPort?: number, anyAnswer = false): Promise<Target> {
  const started = performance.now();
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env, ...(fixedPort ? { PORT: String(fixedPort) } : {}) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const port = fixedPort ?? await new Promise<number>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before listening:\n${stderr}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}):\n${stderr}`);
    const ok = await fetch(`${url}/readyz`).then((r) => anyAnswer || r.status === 200, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const readyMs = performance.now() - started;
  return {
    name,
    port,
    url,
    child,
    readyMs,
    rssMb: () => rssMbOf(child.pid!),
    stop: () =>
      new Promise<void>((resolve) => {
        // A process killed by a signal has signalCode set and exitCode null: stopping it twice must not wait forever.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/** A port free right now (for a process whose output does not name its port). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
