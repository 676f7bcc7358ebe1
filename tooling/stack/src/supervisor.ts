// Keeps `npm start`'s web and worker running: a process that exits without being asked to is
// started again after a backoff, each time logged; a crash loop is given up on, with a message
// that says so, and the caller stops the rest. Stopping never triggers a restart.
import type { RestartPolicy } from './restart-policy';
import type { RunningApp } from './stack';
import { decideRestart, DEFAULT_RESTART_POLICY } from './restart-policy';

export interface SupervisedApp {
  name: string;
  /** The process running now (a new one after each restart). */
  current(): RunningApp;
  /** Resolves with the explanation once it gives up on a crash loop; otherwise never. */
  gaveUp: Promise<string>;
  /** Stops the process and any pending restart; no restart follows. */
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  policy?: RestartPolicy;
  log: (line: string) => void;
  now?: () => number;
}

function describeExit(app: RunningApp, code: number | null): string {
  const signal = app.child.signalCode;
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

export function supervise(
  name: string,
  start: () => RunningApp,
  opts: SuperviseOptions,
): SupervisedApp {
  const policy = opts.policy ?? DEFAULT_RESTART_POLICY;
  const now = opts.now ?? Date.now;
  const crashes: number[] = [];
  let stopping = false;
  let pending: NodeJS.Timeout | undefined;
  let giveUp: (message: string) => void = () => undefined;
  const gaveUp = new Promise<string>((resolve) => (giveUp = resolve));

  const launch = (): RunningApp => {
    const app = start();
    opts.log(`${name} started (pid ${app.child.pid})`);
    void app.exited.then((code) => {
      if (stopping) return;
      crashes.push(now());
      const decision = decideRestart(crashes, now(), policy);
      const how = describeExit(app, code);
      if (decision.action === 'give_up') {
        const message =
          `${name} crashed ${decision.recentCrashes} times within ${policy.windowMs / 1000} s ` +
          `(the last time it ${how}): a crash loop, so it is not restarted again; ` +
          `its own output above says why.`;
        opts.log(message);
        giveUp(message);
        return;
      }
      opts.log(
        `${name} ${how}; restarting it in ${decision.delayMs / 1000} s ` +
          `(crash ${decision.recentCrashes} in the last ${policy.windowMs / 1000} s; ` +
          `at ${policy.maxCrashes} it is given up on)`,
      );
      pending = setTimeout(() => {
        pending = undefined;
        if (!stopping) running = launch();
      }, decision.delayMs);
    });
    return app;
  };

  let running = launch();
  return {
    name,
    current: () => running,
    gaveUp,
    async stop() {
      stopping = true;
      clearTimeout(pending);
      await running.stop();
    },
  };
}
