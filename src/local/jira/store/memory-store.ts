import type {
  ChangelogRecord,
  CommentRecord,
  EntityPropertyRecord,
  IssueRecord,
  JsonValue,
  OrganizationRecord,
  MailRecord,
  UserRecord,
} from '../model';
import type { JiraStore, SequenceName } from './store';

interface MemoryState {
  sequences: Map<string, number>;
  issues: Map<string, IssueRecord>;
  comments: Map<string, CommentRecord>;
  properties: Map<string, Map<string, JsonValue>>;
  changelogs: ChangelogRecord[];
  users: Map<string, UserRecord>;
  organizations: Map<string, OrganizationRecord>;
  mail: MailRecord[];
}

const emptyState = (): MemoryState => ({
  sequences: new Map(),
  issues: new Map(),
  comments: new Map(),
  properties: new Map(),
  changelogs: [],
  users: new Map(),
  organizations: new Map(),
  mail: [],
});

const copy = <T>(value: T): T => structuredClone(value);

/** Orders records by id, numerically when both ids are numbers (Jira ids are). */
const byNumericId = (left: { id: string }, right: { id: string }): number => {
  const difference = Number(left.id) - Number(right.id);
  return Number.isNaN(difference) ? left.id.localeCompare(right.id) : difference;
};

/** A JiraStore in memory, for tests. A failed transaction restores the state it started from. */
export class MemoryJiraStore implements JiraStore {
  private state: MemoryState = emptyState();
  private depth = 0;

  transaction<T>(work: () => T): T {
    if (this.depth > 0) return work();
    const snapshot = copy(this.state);
    this.depth += 1;
    try {
      return work();
    } catch (error) {
      this.state = snapshot;
      throw error;
    } finally {
      this.depth -= 1;
    }
  }

  nextValue(sequence: SequenceName, start: number): number {
    const value = (this.state.sequences.get(sequence) ?? start - 1) + 1;
    this.state.sequences.set(sequence, value);
    return value;
  }

  saveIssue(issue: IssueRecord): void {
    this.state.issues.set(issue.id, copy(issue));
  }

  findIssueById(id: string): IssueRecord | undefined {
    const issue = this.state.issues.get(id);
    return issue && copy(issue);
  }

  findIssueByKey(key: string): IssueRecord | undefined {
    const wanted = key.toUpperCase();
    for (const issue of this.state.issues.values()) {
      if (issue.key === wanted) return copy(issue);
    }
    return undefined;
  }

  listIssues(): IssueRecord[] {
    return [...this.state.issues.values()].sort(byNumericId).map(copy);
  }

  deleteIssue(id: string): void {
    this.state.issues.delete(id);
    this.state.properties.delete(id);
    for (const [commentId, comment] of this.state.comments) {
      if (comment.issueId === id) this.state.comments.delete(commentId);
    }
    this.state.changelogs = this.state.changelogs.filter((entry) => entry.issueId !== id);
  }

  saveComment(comment: CommentRecord): void {
    this.state.comments.set(comment.id, copy(comment));
  }

  findComment(id: string): CommentRecord | undefined {
    const comment = this.state.comments.get(id);
    return comment && copy(comment);
  }

  listComments(issueId: string): CommentRecord[] {
    return [...this.state.comments.values()]
      .filter((comment) => comment.issueId === issueId)
      .sort(byNumericId)
      .map(copy);
  }

  deleteComment(id: string): void {
    this.state.comments.delete(id);
  }

  setIssueProperty(issueId: string, key: string, value: JsonValue): boolean {
    let properties = this.state.properties.get(issueId);
    if (!properties) {
      properties = new Map();
      this.state.properties.set(issueId, properties);
    }
    const created = !properties.has(key);
    properties.set(key, copy(value));
    return created;
  }

  getIssueProperty(issueId: string, key: string): JsonValue | undefined {
    const value = this.state.properties.get(issueId)?.get(key);
    return value === undefined ? undefined : copy(value);
  }

  listIssueProperties(issueId: string): EntityPropertyRecord[] {
    const properties = this.state.properties.get(issueId) ?? new Map<string, JsonValue>();
    return [...properties.entries()]
      .sort(([left], [right]) => left.localeCompare(right))
      .map(([key, value]) => ({ key, value: copy(value) }));
  }

  deleteIssueProperty(issueId: string, key: string): boolean {
    return this.state.properties.get(issueId)?.delete(key) ?? false;
  }

  appendChangelog(entry: ChangelogRecord): void {
    this.state.changelogs.push(copy(entry));
  }

  listChangelog(issueId: string): ChangelogRecord[] {
    return this.state.changelogs.filter((entry) => entry.issueId === issueId).sort(byNumericId).map(copy);
  }

  saveUser(user: UserRecord): void {
    this.state.users.set(user.accountId, copy(user));
  }

  findUser(accountId: string): UserRecord | undefined {
    const user = this.state.users.get(accountId);
    return user && copy(user);
  }

  findUserByEmail(emailAddress: string): UserRecord | undefined {
    const wanted = emailAddress.toLowerCase();
    if (!wanted) return undefined;
    for (const user of this.state.users.values()) {
      if (user.emailAddress.toLowerCase() === wanted) return copy(user);
    }
    return undefined;
  }

  listUsers(): UserRecord[] {
    return [...this.state.users.values()].map(copy);
  }

  saveOrganization(organization: OrganizationRecord): void {
    this.state.organizations.set(organization.id, copy(organization));
  }

  findOrganization(id: string): OrganizationRecord | undefined {
    const organization = this.state.organizations.get(id);
    return organization && copy(organization);
  }

  listOrganizations(): OrganizationRecord[] {
    return [...this.state.organizations.values()].sort(byNumericId).map(copy);
  }

  queueMail(mail: MailRecord): void {
    this.state.mail.push(copy(mail));
  }

  listMail(): MailRecord[] {
    return this.state.mail.map(copy);
  }

  close(): void {
    // Nothing to release.
  }
}
