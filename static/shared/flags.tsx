import { showFlag as bridgeShowFlag, type FlagOptions } from '@forge/bridge';

export interface FlagRequest {
  title: string;
  description?: string;
  appearance: 'success' | 'error' | 'warning' | 'info';
  /** Success flags go away by themselves; errors stay until dismissed. */
  isAutoDismiss?: boolean;
  actions?: { text: string; onClick: () => void }[];
}

/** A flag the host shows; `close` takes it away (an action that settles what it says closes it). */
export interface ShownFlag {
  close: () => void;
}

let shown = 0;

/**
 * A success or a refusal, as Jira shows a Forge app's messages: the host page draws the flag over the product, fixed to
 * the person's viewport, not inside the panel's (often very tall) iframe. The flag is "normal" with the type's icon: a
 * bold flag (`appearance`) keeps its description behind an expander, and the server's reason must be readable at once.
 */
export function showFlag(flag: FlagRequest): ShownFlag {
  // Unique per page: a new flag never replaces an older one the person has not read yet.
  const id = `cs-flag-${Date.now().toString(36)}-${++shown}`;
  const options: FlagOptions = {
    id,
    title: flag.title,
    type: flag.appearance,
    ...(flag.description ? { description: flag.description } : {}),
    ...(flag.actions && flag.actions.length > 0 ? { actions: flag.actions } : {}),
    isAutoDismiss: flag.isAutoDismiss ?? false,
  };
  const handle = bridgeShowFlag(options);
  return { close: () => void handle.close().catch(() => undefined) };
}

interface FlagApi {
  showFlag: (flag: FlagRequest) => ShownFlag;
}

const API: FlagApi = { showFlag };

/** The flags of a panel (one API for every panel: the host page keeps the flags, so nothing here holds state). */
export const useFlags = (): FlagApi => API;
