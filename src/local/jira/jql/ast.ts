/** Syntax tree of the JQL subset the stand-in understands. */

export type JqlOperator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '!~' | 'in' | 'not in' | 'is' | 'is not';

export type JqlFieldRef =
  | { kind: 'field'; name: string }
  /** `issue.property[key].path.to.value` */
  | { kind: 'property'; key: string; path: string[] }
  /** `cf[10010]` */
  | { kind: 'customField'; id: string };

export type JqlOperand =
  | { kind: 'value'; value: string; position: number }
  | { kind: 'function'; name: string; args: string[]; position: number }
  | { kind: 'empty'; position: number }
  | { kind: 'list'; items: JqlOperand[]; position: number };

export type JqlClause =
  | { kind: 'and'; clauses: JqlClause[] }
  | { kind: 'or'; clauses: JqlClause[] }
  | { kind: 'not'; clause: JqlClause }
  | { kind: 'condition'; field: JqlFieldRef; operator: JqlOperator; operand: JqlOperand; position: number };

export interface JqlOrdering {
  field: string;
  direction: 'asc' | 'desc' | 'default';
  position: number;
}

export interface JqlQuery {
  where?: JqlClause;
  orderBy: JqlOrdering[];
}

export class JqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JqlError';
  }
}

/** Jira's wording for syntax errors: `Error in the JQL Query: … (line 1, character N)`. */
export function syntaxError(detail: string, position: number): JqlError {
  return new JqlError(`Error in the JQL Query: ${detail} (line 1, character ${position + 1})`);
}
