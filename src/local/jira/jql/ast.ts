/** What the stand-in evaluates of a JQL query, mapped from the tree of Atlassian's parser (parser.ts). */

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
  field: JqlFieldRef;
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

/** Jira's wording for syntax errors: `Error in the JQL Query: … (line L, character C)`, C counted from 1. */
export function syntaxError(detail: string, line: number, column: number): JqlError {
  return new JqlError(`Error in the JQL Query: ${detail} (line ${line}, character ${column + 1})`);
}
