import type { Actor } from './auth';
import type { SiteConfig } from './config';
import { issueNotFound } from './errors';
import type { JiraEvent, JiraEventBus } from './events';
import type { IssueRecord } from './model';
import { hasPermission } from './permissions';
import type { JiraStore } from './store/store';
import type { Clock } from './time';
import type { TransitionValidator } from './transition-validation';

/** What the request handlers share: configuration, store, clock, events and validators. */
export class JiraSite {
  constructor(
    readonly config: SiteConfig,
    readonly store: JiraStore,
    readonly clock: Clock,
    readonly events: JiraEventBus,
    readonly validators: readonly TransitionValidator[],
  ) {}

  now(): string {
    return this.clock().toISOString();
  }

  findIssue(issueIdOrKey: string): IssueRecord | undefined {
    return /^\d+$/.test(issueIdOrKey) ? this.store.findIssueById(issueIdOrKey) : this.store.findIssueByKey(issueIdOrKey);
  }

  /** The issue if it exists and the actor may browse it; otherwise Jira's 404. */
  visibleIssue(actor: Actor, issueIdOrKey: string): IssueRecord {
    const issue = this.findIssue(issueIdOrKey);
    if (!issue || !hasPermission(actor, 'BROWSE_PROJECTS', issue)) throw issueNotFound();
    return issue;
  }

  canSee(actor: Actor, issue: IssueRecord): boolean {
    return hasPermission(actor, 'BROWSE_PROJECTS', issue);
  }

  /**
   * Runs the writes of one request in one store transaction; the events the
   * work records are published only once the transaction has committed.
   */
  write<T>(work: (emit: (event: JiraEvent) => void) => T): T {
    const pending: JiraEvent[] = [];
    const result = this.store.transaction(() => work((event) => pending.push(event)));
    this.events.publish(pending);
    return result;
  }
}
