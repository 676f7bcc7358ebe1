// Polls until a condition holds (or returns a value), for tests that wait on other processes.
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T> | T,
  timeoutMs = 30_000,
  intervalMs = 50,
): Promise<Exclude<T, null | undefined | false | 0 | ''>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as Exclude<T, null | undefined | false | 0 | ''>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
