/** Matches request paths against templates such as `/rest/api/3/issue/{issueIdOrKey}/comment/{id}`. */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Route<Handler> {
  method: HttpMethod;
  template: string;
  handler: Handler;
}

interface CompiledRoute<Handler> extends Route<Handler> {
  pattern: RegExp;
  parameterNames: string[];
  /** Literal segments count: more literal routes win over parameterised ones. */
  specificity: number;
}

export type RouteMatch<Handler> =
  | { kind: 'found'; handler: Handler; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: HttpMethod[] }
  | { kind: 'not-found' };

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const safeDecode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

export class Router<Handler> {
  private readonly routes: CompiledRoute<Handler>[] = [];

  add(method: HttpMethod, template: string, handler: Handler): this {
    const parameterNames: string[] = [];
    const segments = template.split('/').filter(Boolean);
    const source = segments
      .map((segment) => {
        const parameter = /^\{(\w+)\}$/.exec(segment);
        if (parameter?.[1]) {
          parameterNames.push(parameter[1]);
          return '([^/]+)';
        }
        return escapeRegExp(segment);
      })
      .join('/');
    const specificity = segments.length * 2 - parameterNames.length;
    this.routes.push({ method, template, handler, pattern: new RegExp(`^/${source}/?$`), parameterNames, specificity });
    this.routes.sort((left, right) => right.specificity - left.specificity);
    return this;
  }

  match(method: string, pathname: string): RouteMatch<Handler> {
    const allowed: HttpMethod[] = [];
    for (const route of this.routes) {
      const found = route.pattern.exec(pathname);
      if (!found) continue;
      if (route.method !== method.toUpperCase()) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      route.parameterNames.forEach((name, index) => {
        params[name] = safeDecode(found[index + 1] ?? '');
      });
      return { kind: 'found', handler: route.handler, params };
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}
