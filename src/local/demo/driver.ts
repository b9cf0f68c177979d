import type { DemoPerson } from './cast';

/** The request form's answers, by the app's field names (src/app/settings.ts FieldMapping). */
export interface RequestForm {
  requestType: string;
  summary: string;
  description?: string;
  targetVersion?: string;
  currentVersion?: string;
  instances?: readonly string[];
  keepConfigurations?: readonly string[];
  /** ISO instants. */
  preferredSlots?: readonly string[];
  /** An implementation's scenario: A (customer infrastructure) or B (vendor infrastructure). */
  scenario?: 'A' | 'B';
}

export type PanelSurface = 'issue' | 'portal' | 'settings';

/** A resolver's answer, as the panels get it. */
export type Answer = { ok: true; data: unknown } | { ok: false; error: { rule: string; field: string | null; message: string } };

/**
 * What the demo script may do: only what people do in Jira (raise, comment, transition, as themselves) and what a
 * panel does (invoke a resolver on the page of a ticket, with the context the runtime derives). The runtime
 * implements it with the same code paths as its HTTP server.
 */
export interface DemoDriver {
  /** Raises a request in the service desk as `person`; resolves with its key once the triggers have run. */
  raise(person: DemoPerson, form: RequestForm): Promise<string>;
  comment(person: DemoPerson, issueKey: string, text: string, internal?: boolean): Promise<void>;
  transition(person: DemoPerson, issueKey: string, toStatus: string): Promise<void>;
  /** A bridge `invoke` from the panel of `surface` on `issueKey`'s page, as `person`. */
  invoke(person: DemoPerson, surface: PanelSurface, issueKey: string | undefined, functionKey: string, payload?: Record<string, unknown>): Promise<Answer>;
  /** Runs `fn` as one Forge invocation for `person` (the app's storage through the real @forge/kvs). */
  runAs<T>(person: DemoPerson, fn: () => Promise<T>): Promise<T>;
  /** Waits until every queued trigger event has been delivered. */
  settle(): Promise<void>;
}
