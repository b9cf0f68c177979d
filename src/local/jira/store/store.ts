import type {
  ChangelogRecord,
  CommentRecord,
  EntityPropertyRecord,
  IssueRecord,
  JsonValue,
  MailRecord,
  OrganizationRecord,
  UserRecord,
} from '../model';

/** Named counters the stand-in allocates ids from. `issueNumber:<PROJECT>` numbers issue keys. */
export type SequenceName = 'issueId' | 'commentId' | 'changelogId' | 'mailId' | `issueNumber:${string}`;

/**
 * Persistence of the Jira stand-in. Synchronous on purpose: every request's
 * writes run inside one `transaction`, which either commits all of them or none.
 * Records returned are copies: changing them does not change the store.
 */
export interface JiraStore {
  /** Runs `work` atomically. Nested calls join the outer transaction. */
  transaction<T>(work: () => T): T;
  /** Next value of a counter (first value is `start`). */
  nextValue(sequence: SequenceName, start: number): number;

  saveIssue(issue: IssueRecord): void;
  findIssueById(id: string): IssueRecord | undefined;
  findIssueByKey(key: string): IssueRecord | undefined;
  listIssues(): IssueRecord[];
  /** Deletes the issue with its comments, properties and changelog. */
  deleteIssue(id: string): void;

  saveComment(comment: CommentRecord): void;
  findComment(id: string): CommentRecord | undefined;
  /** Comments of an issue, oldest first. */
  listComments(issueId: string): CommentRecord[];
  deleteComment(id: string): void;

  /** Returns whether the property was created (true) or replaced (false). */
  setIssueProperty(issueId: string, key: string, value: JsonValue): boolean;
  getIssueProperty(issueId: string, key: string): JsonValue | undefined;
  listIssueProperties(issueId: string): EntityPropertyRecord[];
  /** Returns whether a property was deleted. */
  deleteIssueProperty(issueId: string, key: string): boolean;

  appendChangelog(entry: ChangelogRecord): void;
  /** Changelog of an issue, oldest first. */
  listChangelog(issueId: string): ChangelogRecord[];

  saveUser(user: UserRecord): void;
  findUser(accountId: string): UserRecord | undefined;
  /** Case-insensitive e-mail lookup. */
  findUserByEmail(emailAddress: string): UserRecord | undefined;
  listUsers(): UserRecord[];

  saveOrganization(organization: OrganizationRecord): void;
  findOrganization(id: string): OrganizationRecord | undefined;
  listOrganizations(): OrganizationRecord[];

  /** The mail queue of the notify API: what Jira would e-mail, oldest first. */
  queueMail(mail: MailRecord): void;
  listMail(): MailRecord[];

  close(): void;
}
