import {
  type Clause,
  CLAUSE_TYPE_COMPOUND,
  CLAUSE_TYPE_NOT,
  type Field,
  JastBuilder,
  type Operand,
  OPERAND_TYPE_FUNCTION,
  OPERAND_TYPE_KEYWORD,
  OPERAND_TYPE_LIST,
  type OrderBy,
} from '@atlaskit/jql-ast';
import { JQLParser } from '@atlaskit/jql-parser/JQLParser';
import { type JqlClause, JqlError, type JqlFieldRef, type JqlOperand, type JqlOperator, type JqlOrdering, type JqlQuery, syntaxError } from './ast';

/** Atlassian's published JQL grammar (@atlaskit/jql-ast over @atlaskit/jql-parser): the stand-in accepts and refuses what Jira does. */
export function parseJql(query: string): JqlQuery {
  const listener = new FirstSyntaxError();
  const jast = new JastBuilder().setErrorListeners([listener as unknown as Parameters<JastBuilder['setErrorListeners']>[0][number]]).build(query);
  if (listener.error) throw listener.error;
  if (jast.errors.length > 0 || !jast.query) throw new JqlError(`Error in the JQL Query: ${jast.errors[0]?.message ?? 'the query could not be parsed'}.`);
  const where = jast.query.where ? clauseOf(jast.query.where) : undefined;
  const orderBy = jast.query.orderBy ? orderingsOf(jast.query.orderBy) : [];
  return where ? { where, orderBy } : { orderBy };
}

const OPERATOR_TOKENS = new Set([JQLParser.EQUALS, JQLParser.NOT_EQUALS, JQLParser.LT, JQLParser.GT, JQLParser.LTEQ, JQLParser.GTEQ, JQLParser.LIKE, JQLParser.NOT_LIKE, JQLParser.IN, JQLParser.IS]);
const VALID_OPERATORS = "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS', 'IS NOT', 'WAS', 'WAS IN', 'WAS NOT', 'WAS NOT IN' and 'CHANGED'.";
const EOF = -1;

interface TokenLike {
  type: number;
  text?: string;
  startIndex: number;
}
interface ParserLike {
  getExpectedTokens(): { contains(token: number): boolean };
}

/** The first syntax error, in Jira's words: what was expected, what came, and where. */
class FirstSyntaxError {
  error: JqlError | undefined;

  syntaxError = (recognizer: ParserLike, offending: TokenLike | undefined, line: number, column: number, message: string): void => {
    if (this.error) return;
    const expected = recognizer.getExpectedTokens();
    const got = !offending || offending.type === EOF ? 'EOF' : `'${offending.text ?? ''}'`;
    const text = offending?.text ?? '';
    const at = (detail: string) => syntaxError(detail, line, column);
    switch (offending?.type) {
      case JQLParser.UNCLOSED_QUOTE_STRING:
      case JQLParser.UNCLOSED_SQUOTE_STRING:
        this.error = at(`The quoted string ${text} has not been completed.`);
        return;
      case JQLParser.INVALID_QUOTE_STRING:
      case JQLParser.INVALID_SQUOTE_STRING:
        this.error = at(`The quoted string ${text} contains an illegal escape sequence.`);
        return;
      case JQLParser.ERROR_RESERVED:
      case JQLParser.ERRORCHAR: {
        const code = text.codePointAt(0)?.toString(16).padStart(4, '0') ?? '0000';
        this.error = at(`The character '${text}' is a reserved JQL character. You must enclose it in a string or use the escape '\\u${code}' instead.`);
        return;
      }
      case JQLParser.RESERVED_WORD:
        this.error = at(`'${text}' is a reserved JQL word. You must surround it in quotation marks to use it in a query.`);
        return;
    }
    if (expected.contains(JQLParser.EQUALS) || [...OPERATOR_TOKENS].some((token) => expected.contains(token))) {
      this.error = at(`Expecting operator but got ${got}. ${VALID_OPERATORS}`);
    } else if (expected.contains(JQLParser.EMPTY) && !expected.contains(JQLParser.CUSTOMFIELD)) {
      this.error = at(`Expecting either a value, list or function but got ${got}.${got === 'EOF' ? '' : ` You must surround ${got} in quotation marks to use it as a value.`}`);
    } else if (expected.contains(JQLParser.CUSTOMFIELD)) {
      this.error = at(`Expecting a field name but got ${got}.${got === 'EOF' ? '' : ` You must surround ${got} in quotation marks to use it as a field name.`}`);
    } else if (expected.contains(EOF) || expected.contains(JQLParser.ORDER) || expected.contains(JQLParser.AND)) {
      this.error = at(`Expecting either 'OR' or 'AND' but got ${got}.`);
    } else if (expected.contains(JQLParser.RPAREN)) {
      this.error = at(`Expecting ')' but got ${got}.`);
    } else if (expected.contains(JQLParser.BY)) {
      this.error = at(`Expecting 'by' but got ${got}.`);
    } else {
      this.error = at(`${message.charAt(0).toUpperCase()}${message.slice(1)}.`);
    }
  };
}

const position = (node: { position: [number, number] | null }): number => node.position?.[0] ?? 0;

const CUSTOM_FIELD = /^cf\[(\d+)\]$/i;

function fieldOf(field: Field): JqlFieldRef {
  const [property] = field.properties ?? [];
  if (property && property.key && field.value.toLowerCase() === 'issue.property') {
    const path = (property.path ?? []).flatMap((segment) => segment.value.split('.')).filter(Boolean);
    return { kind: 'property', key: property.key.value, path };
  }
  const custom = CUSTOM_FIELD.exec(field.value);
  if (custom) return { kind: 'customField', id: custom[1]! };
  return { kind: 'field', name: field.value };
}

function operandOf(operand: Operand): JqlOperand {
  switch (operand.operandType) {
    case OPERAND_TYPE_KEYWORD:
      return { kind: 'empty', position: position(operand) };
    case OPERAND_TYPE_LIST:
      return { kind: 'list', items: operand.values.map(operandOf), position: position(operand) };
    case OPERAND_TYPE_FUNCTION:
      return { kind: 'function', name: operand.function.value, args: operand.arguments.map((argument) => argument.value), position: position(operand) };
    default:
      return { kind: 'value', value: operand.value, position: position(operand) };
  }
}

const fieldLabel = (field: JqlFieldRef): string =>
  field.kind === 'field' ? field.name : field.kind === 'customField' ? `cf[${field.id}]` : `issue.property[${field.key}]${field.path.map((p) => `.${p}`).join('')}`;

const SUPPORTED_OPERATORS: ReadonlySet<string> = new Set<JqlOperator>(['=', '!=', '>', '>=', '<', '<=', '~', '!~', 'in', 'not in', 'is', 'is not']);

function clauseOf(clause: Clause): JqlClause {
  if (clause.clauseType === CLAUSE_TYPE_COMPOUND) return { kind: clause.operator.value, clauses: clause.clauses.map(clauseOf) };
  if (clause.clauseType === CLAUSE_TYPE_NOT) return { kind: 'not', clause: clauseOf(clause.clause) };
  const field = fieldOf(clause.field);
  const operator = clause.operator?.value;
  if (!operator || !clause.operand) throw syntaxError(`Expecting operator but got EOF. ${VALID_OPERATORS}`, 1, position(clause));
  // WAS and CHANGED search a field's history, which the stand-in does not keep.
  if (!SUPPORTED_OPERATORS.has(operator)) throw new JqlError(`The operator '${operator.toUpperCase()}' is not supported by the '${fieldLabel(field)}' field.`);
  return { kind: 'condition', field, operator: operator as JqlOperator, operand: operandOf(clause.operand), position: position(clause) };
}

function orderingsOf(orderBy: OrderBy): JqlOrdering[] {
  return orderBy.fields.map((ordering) => ({
    field: fieldOf(ordering.field),
    direction: ordering.direction ? (ordering.direction.value.toLowerCase() as 'asc' | 'desc') : 'default',
    position: position(ordering.field),
  }));
}
