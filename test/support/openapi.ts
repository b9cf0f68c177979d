import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Atlassian's OpenAPI description of the Jira Cloud platform REST API, beside the repository as on CI. */
export const JIRA_OPENAPI_PATH = join(__dirname, '..', '..', '..', 'shared', 'jira', 'platform-openapi.v3.json');

interface Operation {
  parameters?: { name?: string; in?: string; $ref?: string }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
}
interface Description {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; parameters?: Record<string, { name: string; in: string }> };
}

export interface SentRequest {
  method: string;
  /** Path with query string, as sent. */
  path: string;
  body?: string;
}

/** Checks requests against the description: a documented path and method, documented query parameters, a body its schema accepts. */
export class JiraContract {
  private readonly description: Description;
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(path: string = JIRA_OPENAPI_PATH) {
    this.description = JSON.parse(readFileSync(path, 'utf8')) as Description;
    // OpenAPI 3.0 adds keywords (nullable, example, discriminator …) that plain JSON Schema does not know.
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ components: this.description.components }, 'jira');
  }

  /** The documented path template a concrete path matches, e.g. /rest/api/3/issue/FHSD-1/comment → …/{issueIdOrKey}/comment. */
  templateOf(path: string): string | undefined {
    const segments = path.split('/');
    return Object.keys(this.description.paths).find((template) => {
      const parts = template.split('/');
      return parts.length === segments.length && parts.every((part, i) => (part.startsWith('{') && part.endsWith('}') ? segments[i]!.length > 0 : part === segments[i]));
    });
  }

  /** Every way the request departs from the description; empty when it conforms. */
  problemsWith(request: SentRequest): string[] {
    const url = new URL(request.path, 'https://jira.invalid');
    const pathname = decodeURIComponent(url.pathname);
    const template = this.templateOf(pathname);
    if (!template) return [`${request.method} ${pathname}: no such path in the description`];
    const operation = this.description.paths[template]![request.method.toLowerCase()];
    if (!operation) return [`${request.method} ${template}: the path has no ${request.method}`];
    const problems: string[] = [];
    const queryNames = new Set((operation.parameters ?? []).map((p) => (p.$ref ? this.description.components.parameters?.[p.$ref.split('/').pop()!] : p)).filter((p) => p?.in === 'query').map((p) => p!.name));
    for (const name of url.searchParams.keys()) if (!queryNames.has(name)) problems.push(`${request.method} ${template}: query parameter "${name}" is not documented`);
    const schema = operation.requestBody?.content?.['application/json']?.schema;
    if (request.body !== undefined && request.body !== '') {
      if (!schema) problems.push(`${request.method} ${template}: takes no JSON body`);
      else {
        const validate = this.validatorFor(schema);
        if (!validate(JSON.parse(request.body))) problems.push(...(validate.errors ?? []).map((e) => `${request.method} ${template}: body${e.instancePath} ${e.message}`));
      }
    }
    return problems;
  }

  private validatorFor(schema: unknown): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (!validate) {
      const rewritten = JSON.parse(key.replace(/"#\/components\//g, '"jira#/components/')) as object;
      validate = this.ajv.compile(rewritten);
      this.validators.set(key, validate);
    }
    return validate;
  }
}
