import type { IssueRecord } from '../model';
import { type JqlClause, JqlError, type JqlFieldRef, type JqlOperand, type JqlOperator, type JqlQuery } from './ast';
import { aliasedValue, customField, indexedValue, type JqlEnvironment, type JqlFieldDefinition, propertyField, systemField } from './fields';

/** A JQL query ready to run against issues of one site. */
export interface CompiledJql {
  /** Whether the query restricts the issues at all (search/jql refuses unbounded queries). */
  bounded: boolean;
  matches(issue: IssueRecord): boolean;
  compare(left: IssueRecord, right: IssueRecord): number;
}

type Predicate = (issue: IssueRecord) => boolean;

const OPERATORS_BY_KIND: Readonly<Record<JqlFieldDefinition['kind'], readonly JqlOperator[]>> = {
  id: ['=', '!=', 'in', 'not in', 'is', 'is not'],
  text: ['~', '!~', 'is', 'is not'],
  date: ['=', '!=', '>', '>=', '<', '<=', 'in', 'not in', 'is', 'is not'],
  number: ['=', '!=', '>', '>=', '<', '<=', 'in', 'not in', 'is', 'is not'],
};

const fieldLabel = (field: JqlFieldRef): string => {
  if (field.kind === 'field') return field.name;
  if (field.kind === 'customField') return `cf[${field.id}]`;
  return `issue.property[${field.key}]${field.path.map((segment) => `.${segment}`).join('')}`;
};

const noSuchField = (field: JqlFieldRef): JqlError => new JqlError(`Field '${fieldLabel(field)}' does not exist or you do not have permission to view it.`);

/** How a field reads issues: a system field, a custom field, or an entity property value an app had Jira index (by path or alias). */
function definitionOf(field: JqlFieldRef, environment: JqlEnvironment): JqlFieldDefinition {
  if (field.kind === 'customField') return customField(field.id);
  if (field.kind === 'property') {
    // Jira searches only the entity property values it was asked to index (jira:entityProperty).
    const indexed = indexedValue(environment.config, field.key, field.path);
    if (!indexed) throw noSuchField(field);
    return propertyField(indexed);
  }
  const definition = systemField(field.name);
  if (definition) return definition;
  const aliased = aliasedValue(environment.config, field.name);
  if (!aliased) throw noSuchField(field);
  return propertyField(aliased);
}

const RELATIVE_DATE = /^([+-]?)(\d+)([wdhm])$/i;
const UNIT_MS: Readonly<Record<string, number>> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000 };

/** A date operand in milliseconds: `2025-01-31`, `2025/01/31 14:05`, `-2d`, `now()`, `startOfDay()`. */
function dateOperand(operand: JqlOperand, environment: JqlEnvironment, fieldName: string): number {
  const now = environment.now.getTime();
  if (operand.kind === 'function') {
    const name = operand.name.toLowerCase();
    if (name === 'now') return now;
    if (name === 'startofday') return Date.UTC(environment.now.getUTCFullYear(), environment.now.getUTCMonth(), environment.now.getUTCDate());
    throw new JqlError(`Unable to find JQL function '${operand.name}()'.`);
  }
  if (operand.kind !== 'value') throw new JqlError(`The field '${fieldName}' does not support this operand.`);
  const relative = RELATIVE_DATE.exec(operand.value);
  if (relative) {
    const amount = Number(relative[2]) * (UNIT_MS[(relative[3] ?? 'd').toLowerCase()] ?? 0);
    return relative[1] === '-' ? now - amount : now + amount;
  }
  const absolute = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(operand.value.trim());
  if (!absolute) {
    throw new JqlError(
      `Date value '${operand.value}' for field '${fieldName}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
    );
  }
  const [, year, month, day, hour = '0', minute = '0'] = absolute;
  return Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute));
}

/** An operand as the values the field holds; null stands for EMPTY. */
function idOperands(operand: JqlOperand, definition: JqlFieldDefinition, environment: JqlEnvironment, fieldName: string): (string | null)[] {
  switch (operand.kind) {
    case 'empty':
      return [null];
    case 'list':
      return operand.items.flatMap((item) => idOperands(item, definition, environment, fieldName));
    case 'function': {
      if (operand.name.toLowerCase() === 'currentuser' && definition.userField) {
        return environment.currentAccountId === undefined ? [] : [environment.currentAccountId];
      }
      throw new JqlError(`Unable to find JQL function '${operand.name}()'.`);
    }
    case 'value':
      return [definition.resolve ? definition.resolve(operand.value, environment, fieldName) : operand.value];
  }
}

function textTerms(operand: JqlOperand, fieldName: string): string[] {
  if (operand.kind !== 'value') throw new JqlError(`The operator '~' is not supported with this operand for the '${fieldName}' field.`);
  return operand.value
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** A number operand; EMPTY stands for none (null). */
function numberOperands(operand: JqlOperand, fieldName: string): (number | null)[] {
  if (operand.kind === 'empty') return [null];
  if (operand.kind === 'list') return operand.items.flatMap((item) => numberOperands(item, fieldName));
  if (operand.kind === 'function') throw new JqlError(`Unable to find JQL function '${operand.name}()'.`);
  const value = Number(operand.value);
  if (operand.value.trim() === '' || !Number.isFinite(value)) throw new JqlError(`The value '${operand.value}' for field '${fieldName}' is not a valid number.`);
  return [value];
}

function numberPredicate(operator: JqlOperator, operand: JqlOperand, read: (issue: IssueRecord) => number[], fieldName: string): Predicate {
  const targets = numberOperands(operand, fieldName);
  const numbers = targets.filter((target): target is number => target !== null);
  const [target] = numbers;
  const wantsEmpty = targets.includes(null);
  const comparison = !['=', 'in', '!=', 'not in'].includes(operator);
  if (comparison && (target === undefined || operand.kind === 'list')) throw new JqlError(`The operator '${operator}' needs one number for the '${fieldName}' field.`);
  return (issue) => {
    const present = read(issue);
    switch (operator) {
      case '=':
      case 'in':
        return present.length === 0 ? wantsEmpty : present.some((value) => numbers.includes(value));
      case '!=':
      case 'not in':
        // As for other fields, != and NOT IN never match an issue without the value.
        return present.length > 0 && !present.some((value) => numbers.includes(value));
      default:
        if (target === undefined) return false;
        if (operator === '>') return present.some((value) => value > target);
        if (operator === '>=') return present.some((value) => value >= target);
        if (operator === '<') return present.some((value) => value < target);
        return present.some((value) => value <= target);
    }
  };
}

function compileCondition(clause: Extract<JqlClause, { kind: 'condition' }>, environment: JqlEnvironment): Predicate {
  const fieldName = fieldLabel(clause.field);
  const definition = definitionOf(clause.field, environment);
  const { operator, operand } = clause;
  if (!OPERATORS_BY_KIND[definition.kind].includes(operator)) {
    throw new JqlError(`The operator '${operator.toUpperCase()}' is not supported by the '${fieldName}' field.`);
  }
  const values = (issue: IssueRecord): string[] => definition.values(issue, environment);

  if (operator === 'is' || operator === 'is not') {
    if (operand.kind !== 'empty') throw new JqlError(`The operator '${operator.toUpperCase()}' only supports EMPTY or NULL for the '${fieldName}' field.`);
    return operator === 'is' ? (issue) => values(issue).length === 0 : (issue) => values(issue).length > 0;
  }
  if (definition.kind === 'text') {
    const terms = textTerms(operand, fieldName);
    const contains = (issue: IssueRecord): boolean => {
      const text = values(issue).join('\n').toLowerCase();
      return terms.every((term) => text.includes(term));
    };
    return operator === '~' ? contains : (issue) => !contains(issue);
  }
  if (definition.kind === 'date') {
    const operands = operand.kind === 'list' ? operand.items : [operand];
    const targets = operands.map((item) => (item.kind === 'empty' ? null : dateOperand(item, environment, fieldName)));
    const timestamp = (issue: IssueRecord): number | null => {
      const [value] = values(issue);
      return value === undefined ? null : Date.parse(value);
    };
    const sameMinute = (left: number, right: number): boolean => Math.floor(left / 60_000) === Math.floor(right / 60_000);
    return (issue) => {
      const time = timestamp(issue);
      const [target] = targets;
      switch (operator) {
        case '=':
        case 'in':
          return targets.some((candidate) => (candidate === null ? time === null : time !== null && sameMinute(time, candidate)));
        case '!=':
        case 'not in':
          return time !== null && targets.every((candidate) => candidate === null || !sameMinute(time, candidate));
        default:
          if (time === null || target === null || target === undefined) return false;
          if (operator === '>') return time > target;
          if (operator === '>=') return time >= target;
          if (operator === '<') return time < target;
          return time <= target;
      }
    };
  }
  if (definition.kind === 'number') return numberPredicate(operator, operand, (issue) => definition.values(issue, environment).map(Number), fieldName);
  const wanted = idOperands(operand, definition, environment, fieldName);
  const wantsEmpty = wanted.includes(null);
  const ids = new Set(wanted.filter((value): value is string => value !== null));
  const caseInsensitive = clause.field.kind === 'field' && definition.exact !== true;
  const normalise = (value: string): string => (caseInsensitive ? value.toLowerCase() : value);
  const wantedIds = new Set([...ids].map(normalise));
  const isMatch = (issue: IssueRecord): boolean => {
    const present = values(issue);
    if (present.length === 0) return wantsEmpty;
    return present.some((value) => wantedIds.has(normalise(value)));
  };
  if (operator === '=' || operator === 'in') return isMatch;
  // Jira's != and NOT IN never match issues where the field is empty.
  return (issue) => values(issue).length > 0 && !isMatch(issue);
}

function compileClause(clause: JqlClause, environment: JqlEnvironment): Predicate {
  switch (clause.kind) {
    case 'and': {
      const parts = clause.clauses.map((part) => compileClause(part, environment));
      return (issue) => parts.every((part) => part(issue));
    }
    case 'or': {
      const parts = clause.clauses.map((part) => compileClause(part, environment));
      return (issue) => parts.some((part) => part(issue));
    }
    case 'not': {
      const inner = compileClause(clause.clause, environment);
      return (issue) => !inner(issue);
    }
    case 'condition':
      return compileCondition(clause, environment);
  }
}

type Comparator = (left: IssueRecord, right: IssueRecord) => number;

function compareKeys(left: string | number | null, right: string | number | null): number {
  if (left === right) return 0;
  if (left === null) return 1;
  if (right === null) return -1;
  return left < right ? -1 : 1;
}

const newestFirst: Comparator = (left, right) => Date.parse(right.created) - Date.parse(left.created) || Number(right.id) - Number(left.id);

function compileOrdering(query: JqlQuery, environment: JqlEnvironment): Comparator {
  if (query.orderBy.length === 0) return newestFirst;
  const comparators: Comparator[] = query.orderBy.map((ordering) => {
    const unsortable = new JqlError(`Not able to sort using field '${fieldLabel(ordering.field)}'.`);
    let definition: JqlFieldDefinition;
    try {
      definition = definitionOf(ordering.field, environment);
    } catch {
      throw unsortable;
    }
    const sortKey = definition.sortKey;
    if (!sortKey) throw unsortable;
    const direction = ordering.direction === 'default' ? (definition.defaultDirection ?? 'asc') : ordering.direction;
    const sign = direction === 'asc' ? 1 : -1;
    return (left, right) => sign * compareKeys(sortKey(left, environment), sortKey(right, environment));
  });
  return (left, right) => {
    for (const comparator of comparators) {
      const result = comparator(left, right);
      if (result !== 0) return result;
    }
    return Number(left.id) - Number(right.id);
  };
}

export function compileJql(query: JqlQuery, environment: JqlEnvironment): CompiledJql {
  const where = query.where;
  return {
    bounded: where !== undefined,
    matches: where ? compileClause(where, environment) : () => true,
    compare: compileOrdering(query, environment),
  };
}
