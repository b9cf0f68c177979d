import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Version3Client } from 'jira.js';
import {
  DEMO_ORGANIZATIONS,
  DEMO_USERS,
  JiraStandIn,
  type JiraHttpServer,
  type JiraStandInOptions,
  startJiraHttpServer,
} from '../../../src/local/jira';

export const ADMIN = DEMO_USERS[0]!;
export const AGENT = DEMO_USERS[1]!;
export const ENGINEER = DEMO_USERS[2]!;
export const CUSTOMER = DEMO_USERS[3]!;
export const CUSTOMER_COLLEAGUE = DEMO_USERS[4]!;
export const OTHER_ORG_CUSTOMER = DEMO_USERS[5]!;

export interface JiraFixture {
  standIn: JiraStandIn;
  server: JiraHttpServer;
  /** A jira.js client authenticated with the person's e-mail and an arbitrary API token. */
  clientFor(email: string): Version3Client;
  /** Raw fetch against the server, as `email` (Basic auth) or anonymously. */
  request(method: string, path: string, options?: { as?: string; body?: string; contentType?: string }): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export async function startFixture(options: JiraStandInOptions = {}): Promise<JiraFixture> {
  const standIn = new JiraStandIn({ users: DEMO_USERS, organizations: DEMO_ORGANIZATIONS, ...options });
  const server = await startJiraHttpServer(standIn);
  return {
    standIn,
    server,
    clientFor: (email) => new Version3Client({ host: server.url, authentication: { basic: { email, apiToken: `token-for-${email}` } } }),
    async request(method, path, { as, body, contentType = 'application/json' } = {}) {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (as) headers.authorization = `Basic ${Buffer.from(`${as}:any-token`).toString('base64')}`;
      if (body !== undefined) headers['content-type'] = contentType;
      const response = await fetch(`${server.url}${path}`, { method, headers, body });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    async close() {
      await standIn.whenEventsDelivered();
      await server.close();
      standIn.close();
    },
  };
}

/** The status and body of an error thrown by jira.js. */
export async function failureOf(promise: Promise<unknown>): Promise<{ status: number; data: unknown }> {
  try {
    await promise;
  } catch (error) {
    const failure = error as { status?: number; response?: { data?: unknown } };
    return { status: failure.status ?? 0, data: failure.response?.data };
  }
  throw new Error('Expected the request to fail');
}

export const adf = (text: string) => ({
  type: 'doc' as const,
  version: 1 as const,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

// ---------- Contract checks against Atlassian's OpenAPI description ----------

/** Atlassian's description, shared next to the repository (override with JIRA_OPENAPI). */
const OPENAPI_PATH = process.env.JIRA_OPENAPI ?? join(__dirname, '../../../../shared/jira/platform-openapi.v3.json');

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function contractValidator(schemaName: string): ValidateFunction {
  let validator = validators.get(schemaName);
  if (validator) return validator;
  if (!ajv) {
    const document = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as { components: { schemas: Record<string, unknown> } };
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'jira', components: { schemas: document.components.schemas } });
  }
  validator = ajv.getSchema(`jira#/components/schemas/${schemaName}`);
  if (!validator) throw new Error(`No schema ${schemaName} in the OpenAPI description`);
  validators.set(schemaName, validator);
  return validator;
}

/** Asserts that `value` has the shape of the named schema of the Jira platform OpenAPI description. */
export function expectSchema(schemaName: string, value: unknown): void {
  const validate = contractValidator(schemaName);
  if (!validate(value)) {
    throw new Error(`Response does not match ${schemaName}: ${ajv?.errorsText(validate.errors, { separator: '\n' })}`);
  }
}
