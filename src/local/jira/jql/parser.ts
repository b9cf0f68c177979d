import { type JqlClause, type JqlFieldRef, type JqlOperand, type JqlOperator, type JqlOrdering, type JqlQuery, syntaxError } from './ast';
import { type Token, tokenize } from './lexer';

const VALID_OPERATORS = "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.";

const isKeyword = (token: Token, keyword: string): boolean => token.kind === 'word' && token.text.toLowerCase() === keyword;

const describe = (token: Token): string => (token.kind === 'end' ? 'EOF' : `'${token.text}'`);

/** Parses the JQL subset: conditions joined by AND/OR/NOT with parentheses, and ORDER BY. */
export function parseJql(query: string): JqlQuery {
  return new JqlParser(tokenize(query)).parseQuery();
}

class JqlParser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  private expect(kind: Token['kind'], what: string): Token {
    const token = this.next();
    if (token.kind !== kind) throw syntaxError(`Expecting ${what} but got ${describe(token)}.`, token.position);
    return token;
  }

  parseQuery(): JqlQuery {
    const where = this.peek().kind === 'end' || isKeyword(this.peek(), 'order') ? undefined : this.parseOr();
    const orderBy = isKeyword(this.peek(), 'order') ? this.parseOrderBy() : [];
    const rest = this.peek();
    if (rest.kind !== 'end') throw syntaxError(`Expecting either 'OR' or 'AND' but got ${describe(rest)}.`, rest.position);
    return where ? { where, orderBy } : { orderBy };
  }

  private parseOr(): JqlClause {
    const clauses = [this.parseAnd()];
    while (isKeyword(this.peek(), 'or')) {
      this.next();
      clauses.push(this.parseAnd());
    }
    return clauses.length === 1 ? (clauses[0] as JqlClause) : { kind: 'or', clauses };
  }

  private parseAnd(): JqlClause {
    const clauses = [this.parseUnary()];
    while (isKeyword(this.peek(), 'and')) {
      this.next();
      clauses.push(this.parseUnary());
    }
    return clauses.length === 1 ? (clauses[0] as JqlClause) : { kind: 'and', clauses };
  }

  private parseUnary(): JqlClause {
    const token = this.peek();
    if (isKeyword(token, 'not')) {
      this.next();
      return { kind: 'not', clause: this.parseUnary() };
    }
    if (token.kind === 'lparen') {
      this.next();
      const clause = this.parseOr();
      this.expect('rparen', "')'");
      return clause;
    }
    return this.parseCondition();
  }

  private parseCondition(): JqlClause {
    const position = this.peek().position;
    const field = this.parseField();
    const operator = this.parseOperator();
    const operand = this.parseOperand(operator);
    return { kind: 'condition', field, operator, operand, position };
  }

  private parseField(): JqlFieldRef {
    const token = this.next();
    if (token.kind !== 'word' && token.kind !== 'string') throw syntaxError(`Expecting a field name but got ${describe(token)}.`, token.position);
    const name = token.text;
    const lower = name.toLowerCase();
    if (token.kind === 'word' && lower === 'issue.property' && this.peek().kind === 'lbracket') {
      this.next();
      const key = this.next();
      if (key.kind !== 'word' && key.kind !== 'string') throw syntaxError(`Expecting a property key but got ${describe(key)}.`, key.position);
      this.expect('rbracket', "']'");
      const pathToken = this.peek();
      let path: string[] = [];
      if (pathToken.kind === 'word' && pathToken.text.startsWith('.')) {
        this.next();
        path = pathToken.text.split('.').filter(Boolean);
      }
      return { kind: 'property', key: key.text, path };
    }
    if (token.kind === 'word' && lower === 'cf' && this.peek().kind === 'lbracket') {
      this.next();
      const id = this.next();
      if (id.kind !== 'word' || !/^\d+$/.test(id.text)) throw syntaxError(`Expecting a custom field id but got ${describe(id)}.`, id.position);
      this.expect('rbracket', "']'");
      return { kind: 'customField', id: id.text };
    }
    return { kind: 'field', name };
  }

  private parseOperator(): JqlOperator {
    const token = this.next();
    if (token.kind === 'operator') return token.text as JqlOperator;
    if (isKeyword(token, 'in')) return 'in';
    if (isKeyword(token, 'is')) {
      if (isKeyword(this.peek(), 'not')) {
        this.next();
        return 'is not';
      }
      return 'is';
    }
    if (isKeyword(token, 'not') && isKeyword(this.peek(), 'in')) {
      this.next();
      return 'not in';
    }
    throw syntaxError(`Expecting operator but got ${describe(token)}. ${VALID_OPERATORS}`, token.position);
  }

  private parseOperand(operator: JqlOperator): JqlOperand {
    const token = this.peek();
    if (operator === 'in' || operator === 'not in') {
      if (token.kind !== 'lparen') return this.parseSingleOperand();
      this.next();
      const items = [this.parseSingleOperand()];
      while (this.peek().kind === 'comma') {
        this.next();
        items.push(this.parseSingleOperand());
      }
      this.expect('rparen', "')'");
      return { kind: 'list', items, position: token.position };
    }
    return this.parseSingleOperand();
  }

  private parseSingleOperand(): JqlOperand {
    const token = this.next();
    if (token.kind === 'string') return { kind: 'value', value: token.text, position: token.position };
    if (token.kind !== 'word') throw syntaxError(`Expecting either a value, list or function but got ${describe(token)}.`, token.position);
    const lower = token.text.toLowerCase();
    if (lower === 'empty' || lower === 'null') return { kind: 'empty', position: token.position };
    if (this.peek().kind === 'lparen') {
      this.next();
      const args: string[] = [];
      while (this.peek().kind !== 'rparen') {
        const argument = this.next();
        if (argument.kind !== 'word' && argument.kind !== 'string') {
          throw syntaxError(`Expecting a function argument but got ${describe(argument)}.`, argument.position);
        }
        args.push(argument.text);
        if (this.peek().kind === 'comma') this.next();
      }
      this.next();
      return { kind: 'function', name: token.text, args, position: token.position };
    }
    if (['and', 'or', 'not', 'order', 'in', 'is'].includes(lower)) {
      throw syntaxError(`Expecting either a value, list or function but got ${describe(token)}.`, token.position);
    }
    return { kind: 'value', value: token.text, position: token.position };
  }

  private parseOrderBy(): JqlOrdering[] {
    this.next();
    const by = this.next();
    if (!isKeyword(by, 'by')) throw syntaxError(`Expecting 'by' but got ${describe(by)}.`, by.position);
    const orderings: JqlOrdering[] = [];
    do {
      if (orderings.length > 0) this.next();
      const field = this.next();
      if (field.kind !== 'word' && field.kind !== 'string') throw syntaxError(`Expecting a field name but got ${describe(field)}.`, field.position);
      let direction: JqlOrdering['direction'] = 'default';
      if (isKeyword(this.peek(), 'asc') || isKeyword(this.peek(), 'desc')) direction = this.next().text.toLowerCase() as 'asc' | 'desc';
      orderings.push({ field: field.text, direction, position: field.position });
    } while (this.peek().kind === 'comma');
    return orderings;
  }
}
