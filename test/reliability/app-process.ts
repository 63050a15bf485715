import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A free TCP port on 127.0.0.1 (kept for the restart, so the platform's URL stays the same). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns true; throws `describe()` after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  describe: () => string,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The answer to one POST: the HTTP status, or 'error' when the connection failed (refused, reset). */
export type PostOutcome = number | 'error';

/**
 * The real app as `npm start` runs it (`node --import tsx src/main.ts`), in its own process so
 * it can be killed without warning. Standard error is kept (its tail) for failure messages.
 */
export class AppProcess {
  private stderr = '';
  private stdout = '';
  private exited: Promise<void>;
  exitCode: number | null | undefined;
  private readonly agent: Agent;

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    maxSockets: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => (this.stdout += chunk));
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : null);
        resolve();
      }),
    );
  }

  /**
   * Starts the process with `env` (on top of PATH and HOME only) listening on `port`. With
   * `chat`, standard input and output are pipes: the console chat (`type`, `output`).
   */
  static start(
    env: Record<string, string>,
    port: number,
    maxSockets = 32,
    o: { chat?: boolean } = {},
  ): AppProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
      },
      stdio: o.chat ? ['pipe', 'pipe', 'pipe'] : ['ignore', 'ignore', 'pipe'],
    });
    return new AppProcess(child, port, maxSockets);
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  get log(): string {
    return this.stderr;
  }

  /** Everything the process printed on standard output (the console chat). */
  get output(): string {
    return this.stdout;
  }

  /** Types lines into the console chat. */
  type(...lines: string[]): void {
    this.child.stdin!.write(`${lines.join('\n')}\n`);
  }

  /** Ends the console's input: it drains, keeps its state and exits with 0. */
  async endInput(): Promise<void> {
    this.child.stdin!.end();
    await this.exited;
    this.agent.destroy();
  }

  /** SIGTERM, as a service manager stops it: intake stops, the outbox drains, the database closes. */
  async stop(): Promise<void> {
    if (this.alive) this.child.kill('SIGTERM');
    await this.exited;
    this.agent.destroy();
  }

  /** Resolves once /healthz answers 200 with `adapter` running; throws if the process dies first. */
  async ready(timeoutMs = 30_000, adapter = 'lark'): Promise<void> {
    await waitFor(
      async () => {
        if (!this.alive) throw new Error(`the app exited (${this.exitCode}) while starting:\n${this.stderr}`);
        const res = await this.get('/healthz').catch(() => undefined);
        return (
          res?.status === 200 &&
          (JSON.parse(res.body) as { adapters?: Record<string, string> }).adapters?.[adapter] === 'running'
        );
      },
      timeoutMs,
      () => `the app did not become ready:\n${this.stderr}`,
      100,
    );
  }

  /** SIGKILL: no shutdown handler runs, exactly like a power cut or the OOM killer. */
  async kill(): Promise<void> {
    if (this.alive) this.child.kill('SIGKILL');
    await this.exited;
    this.agent.destroy();
  }

  get(path: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: this.port, path, method: 'GET', agent: this.agent },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  /** POSTs a JSON body with the admin token and returns the status and parsed answer. */
  async admin(path: string, token: string): Promise<{ status: number; body: Record<string, unknown> }> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          path,
          method: 'POST',
          agent: this.agent,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'content-length': 2,
          },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(body || '{}') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
  }

  /** POSTs a body; never rejects: a connection that fails is the outcome 'error'. */
  post(path: string, body: string, headers: Record<string, string>): Promise<PostOutcome> {
    return new Promise((resolve) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          path,
          method: 'POST',
          agent: this.agent,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', () => resolve('error'));
        },
      );
      req.on('error', () => resolve('error'));
      req.end(body);
    });
  }
}
