/** Jira's error body: `{ errorMessages: [...], errors: { field: message } }`. */
export interface ErrorCollection {
  errorMessages: string[];
  errors: Record<string, string>;
}

/** Thrown by handlers; the stand-in turns it into a response with Jira's error body. */
export class JiraHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorCollection,
  ) {
    super(body.errorMessages[0] ?? Object.values(body.errors)[0] ?? `HTTP ${status}`);
    this.name = 'JiraHttpError';
  }

  static messages(status: number, ...errorMessages: string[]): JiraHttpError {
    return new JiraHttpError(status, { errorMessages, errors: {} });
  }

  static fields(status: number, errors: Record<string, string>): JiraHttpError {
    return new JiraHttpError(status, { errorMessages: [], errors });
  }
}

export const INVALID_PAYLOAD = 'Invalid request payload. Refer to the REST API documentation and try again.';
export const NOT_AUTHENTICATED = 'Client must be authenticated to access this resource.';
export const ISSUE_NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';

export const unauthenticated = (): JiraHttpError => JiraHttpError.messages(401, NOT_AUTHENTICATED);
export const issueNotFound = (): JiraHttpError => JiraHttpError.messages(404, ISSUE_NOT_FOUND);
export const invalidPayload = (): JiraHttpError => JiraHttpError.messages(400, INVALID_PAYLOAD);
