// False on the server and while the page hydrates, true from then on: values only the browser
// knows (the reader's time zone, localStorage) render after hydration without a mismatch.
import { useSyncExternalStore } from 'react';

/** Nothing to listen to: the value changes once, when hydration ends, and React handles that. */
const noSubscription = () => () => undefined;

export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
