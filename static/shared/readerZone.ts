import { view } from '@forge/bridge';
import { setReaderTimeZone } from './time';

/** How long a panel waits for its context before it renders with the browser's zone (a host that never answers). */
const CONTEXT_WAIT_MS = 1500;

/**
 * Adopts the person's time zone from the Forge context (`timezone`, the zone of their Atlassian account), so every
 * time the panel shows is in it from the first paint. Resolves true when adopted; false leaves the browser's zone.
 */
export function adoptReaderTimeZone(): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    let waiting = true;
    // A context that comes after the panel rendered is not adopted: one panel never shows two zones.
    const timer = setTimeout(() => ((waiting = false), resolve(false)), CONTEXT_WAIT_MS);
    const settle = (timezone: unknown): void => {
      if (!waiting) return;
      waiting = false;
      clearTimeout(timer);
      resolve(setReaderTimeZone(timezone));
    };
    view.getContext().then(
      (context) => settle((context as { timezone?: unknown }).timezone),
      () => settle(undefined),
    );
  });
}
