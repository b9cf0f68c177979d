import { syntaxError } from './ast';

export type TokenKind = 'word' | 'string' | 'operator' | 'lparen' | 'rparen' | 'comma' | 'lbracket' | 'rbracket' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Offset of the token's first character in the query. */
  position: number;
}

const OPERATORS = ['!=', '>=', '<=', '!~', '=', '>', '<', '~'];
const PUNCTUATION: Readonly<Record<string, TokenKind>> = { '(': 'lparen', ')': 'rparen', ',': 'comma', '[': 'lbracket', ']': 'rbracket' };
const WORD_BREAK = /[\s=!<>~(),[\]"']/;

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < query.length) {
    const char = query.charAt(index);
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    const punctuation = PUNCTUATION[char];
    if (punctuation) {
      tokens.push({ kind: punctuation, text: char, position: index });
      index += 1;
      continue;
    }
    const operator = OPERATORS.find((candidate) => query.startsWith(candidate, index));
    if (operator) {
      tokens.push({ kind: 'operator', text: operator, position: index });
      index += operator.length;
      continue;
    }
    if (char === '"' || char === "'") {
      const start = index;
      let text = '';
      index += 1;
      while (index < query.length && query.charAt(index) !== char) {
        if (query.charAt(index) === '\\' && index + 1 < query.length) index += 1;
        text += query.charAt(index);
        index += 1;
      }
      if (index >= query.length) throw syntaxError(`The quoted string ${query.slice(start)} has not been completed.`, start);
      index += 1;
      tokens.push({ kind: 'string', text, position: start });
      continue;
    }
    const start = index;
    while (index < query.length && !WORD_BREAK.test(query.charAt(index))) index += 1;
    if (index === start) throw syntaxError(`The character '${char}' is a reserved JQL character.`, start);
    tokens.push({ kind: 'word', text: query.slice(start, index), position: start });
  }
  tokens.push({ kind: 'end', text: '', position: query.length });
  return tokens;
}
