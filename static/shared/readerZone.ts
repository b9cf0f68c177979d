import { view } from '@forge/bridge';
import { setReaderTimeZone } from './time';

/** How long a panel waits for its context before it renders with the browser's zone (a host that never answers). */
const CONTEXT_WAIT_MS = 1500;

/**
 * Adopts the person's time zone from the Forge context (`timezone`, the zone of their Atlassian account), so every
 * time the panel shows is in it from the first paint. Resolves true when adopted; false leaves the browser's zone.
 */
export function adoptReaderTimeZone(): Promise<boolean> {
  const fromContext = view.getContext().then(
    (context) => setReaderTimeZone((context as { timezone?: unknown }).timezone),
    () => false,
  );
  const waited = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), CONTEXT_WAIT_MS));
  return Promise.race([fromContext, waited]);
}
