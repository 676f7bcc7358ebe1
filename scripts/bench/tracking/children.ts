// The bench's child processes (load clients, the bare baseline server) and a small request/reply
// wrapper over their IPC channel.
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import path from 'node:path';

import { repoRoot } from '@tiffin/stack';

/** Runs one of this folder's TypeScript files in a child Node process with an IPC channel. */
export function forkTs(file: string, args: string[] = []): ChildProcess {
  return fork(path.join(import.meta.dirname, file), args, {
    cwd: repoRoot,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

interface Waiter<M> {
  type: string;
  resolve: (message: M) => void;
  reject: (error: Error) => void;
}

/** Replies matched by `type`, first come first served; 'fatal' or an exit fails every waiter. */
export class Channel<In, Out extends { type: string }> {
  private readonly waiters: Waiter<Out>[] = [];
  private failure: Error | undefined;

  constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    proc.on('message', (raw: unknown) => {
      const message = raw as Out; // IPC boundary: our own child's messages (protocol.ts)
      if (message.type === 'fatal') {
        const text = (message as { message?: string }).message ?? 'unknown';
        this.fail(new Error(`${name}: ${text}`));
        return;
      }
      const index = this.waiters.findIndex((w) => w.type === message.type);
      if (index < 0) return;
      const [waiter] = this.waiters.splice(index, 1);
      waiter?.resolve(message);
    });
    proc.on('exit', (code, signal) =>
      this.fail(new Error(`${name} exited (${signal ?? `code ${code}`})`)),
    );
  }

  private fail(error: Error) {
    this.failure ??= error;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }

  /** The next message of `type`, within `timeoutMs`. */
  next<T extends Out['type']>(type: T, timeoutMs: number): Promise<Extract<Out, { type: T }>> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(new Error(`${this.name}: no '${type}' within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter<Out> = {
        type,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message as Extract<Out, { type: T }>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.push(waiter);
    });
  }

  request<T extends Out['type']>(
    message: In,
    reply: T,
    timeoutMs: number,
  ): Promise<Extract<Out, { type: T }>> {
    const answer = this.next(reply, timeoutMs);
    this.proc.send(message as object);
    return answer;
  }

  /** Ends the child (it also exits by itself when this process goes away). */
  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
