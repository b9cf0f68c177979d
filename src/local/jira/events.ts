import type { ChangeItem, JsonObject, JsonValue } from './model';

/** A user reference as Forge event payloads carry it. */
export interface EventUser {
  accountId: string;
}

/** The issue in a Forge Jira event: id, key and a subset of fields. */
export interface EventIssue {
  id: string;
  key: string;
  fields: JsonObject;
}

export interface EventChangelog {
  id: string;
  items: ChangeItem[];
}

interface IssueEventBase {
  issue: EventIssue;
  /** The account that caused the event (the app's account for calls made as app). */
  atlassianId: string;
  associatedUsers: EventUser[];
}

export interface IssueCreatedEvent extends IssueEventBase {
  eventType: 'avi:jira:created:issue';
}

export interface IssueUpdatedEvent extends IssueEventBase {
  eventType: 'avi:jira:updated:issue';
  changelog: EventChangelog;
  /** Present when the status changed: the statuses before and after. */
  associatedStatuses?: { id: string; name: string }[];
}

export interface IssueAssignedEvent extends IssueEventBase {
  eventType: 'avi:jira:assigned:issue';
  changelog: EventChangelog;
}

export interface IssueDeletedEvent extends IssueEventBase {
  eventType: 'avi:jira:deleted:issue';
}

export interface EventComment {
  id: string;
  author: EventUser;
  updateAuthor: EventUser;
  body: JsonValue;
  created: string;
  updated: string;
  jsdPublic: boolean;
}

export interface IssueCommentedEvent extends IssueEventBase {
  eventType: 'avi:jira:commented:issue';
  comment: EventComment;
}

export type JiraEvent = IssueCreatedEvent | IssueUpdatedEvent | IssueAssignedEvent | IssueDeletedEvent | IssueCommentedEvent;
export type JiraEventType = JiraEvent['eventType'];

export type JiraEventListener = (event: JiraEvent) => Promise<void> | void;

/**
 * Delivers events to listeners after the write that caused them has committed,
 * one event at a time, in order, never inside the request that caused them
 * (as Forge delivers triggers asynchronously). `idle()` resolves once every
 * published event has been delivered.
 */
export class JiraEventBus {
  private readonly listeners = new Set<JiraEventListener>();
  private delivery: Promise<void> = Promise.resolve();

  constructor(private readonly onListenerError: (error: unknown, event: JiraEvent) => void) {}

  subscribe(listener: JiraEventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  publish(events: readonly JiraEvent[]): void {
    for (const event of events) {
      this.delivery = this.delivery.then(() => this.deliver(event));
    }
  }

  idle(): Promise<void> {
    return this.delivery;
  }

  private async deliver(event: JiraEvent): Promise<void> {
    for (const listener of [...this.listeners]) {
      try {
        await listener(structuredClone(event));
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }
}
