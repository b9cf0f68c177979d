/**
 * The runtime's web triggers as events-reference/web-trigger and manifest-reference/modules/web-trigger describe them:
 * the request the function gets, and the HTTP answer the platform makes of what it returns.
 */
import type { WebTriggerModule } from '../../../src/local/runtime/manifest';
import { httpAnswerOf, webTriggerRequestOf } from '../../../src/local/runtime/web-triggers';

const dynamic: WebTriggerModule = { key: 'feed', functionKey: 'f', urlFormat: 'v2', response: { type: 'dynamic' } };
const staticTrigger: WebTriggerModule = {
  key: 'static', functionKey: 'f', urlFormat: 'v2',
  response: { type: 'static', outputs: [{ key: 'status-ok', statusCode: 200, contentType: 'application/json', body: '{"body": "Allowed static response"}' }, { key: 'status-error', statusCode: 403, contentType: 'text/plain', body: 'Error: Forbidden' }] },
};

describe('webTriggerRequestOf', () => {
  it('hands the function the method, headers as lists, body, path, userPath and the query parsed into lists', () => {
    const url = new URL('http://local/x1/XUBR5WnG2Hk2V52APDdGaRSDm/hello/world?apples=green,red&grapes=green');
    const request = webTriggerRequestOf('POST', url, { 'content-type': 'text/plain', 'set-cookie': ['a', 'b'] }, '{"hello":1}', { module: dynamic, id: 'XUBR5WnG2Hk2V52APDdGaRSDm', userPath: '/hello/world' });
    expect(request).toEqual({
      method: 'POST',
      headers: { 'content-type': ['text/plain'], 'set-cookie': ['a', 'b'] },
      body: '{"hello":1}',
      path: '/x1/XUBR5WnG2Hk2V52APDdGaRSDm/hello/world',
      userPath: '/hello/world',
      queryParameters: { apples: ['green', 'red'], grapes: ['green'] },
    });
  });

  it('gives an empty userPath and no body when the caller sent none', () => {
    const request = webTriggerRequestOf('GET', new URL('http://local/public/XUBR5WnG2Hk2V52APDdGaRSDm'), {}, '', { module: dynamic, id: 'XUBR5WnG2Hk2V52APDdGaRSDm', userPath: '' });
    expect(request).toEqual({ method: 'GET', headers: {}, path: '/public/XUBR5WnG2Hk2V52APDdGaRSDm', userPath: '', queryParameters: {} });
  });
});

describe('httpAnswerOf', () => {
  it('sends a dynamic trigger\'s statusCode, statusText, headers and body', () => {
    expect(httpAnswerOf(dynamic, { returned: { statusCode: 201, statusText: 'Created', headers: { 'Content-Type': ['text/calendar'] }, body: 'x' } }))
      .toEqual({ status: 201, statusText: 'Created', headers: { 'Content-Type': ['text/calendar'] }, body: 'x' });
  });

  it.each([
    ['no answer', undefined],
    ['no statusCode', { body: 'x' }],
    ['a statusCode that is not a whole number', { statusCode: '200' }],
    ['headers that are not lists of strings', { statusCode: 200, headers: { a: 'b' } }],
    ['a body that is not a string', { statusCode: 200, body: { a: 1 } }],
  ])('answers 500 for a result that is not the documented format: %s', (_, returned) => {
    expect(httpAnswerOf(dynamic, { returned }).status).toBe(500);
  });

  it('answers 500 when the function threw or ran out of time', () => {
    expect(httpAnswerOf(dynamic, { threw: new Error('x') }).status).toBe(500);
    expect(httpAnswerOf(dynamic, { timedOut: true }).status).toBe(500);
  });

  it('sends only the manifest\'s outputs for a static trigger, chosen by outputKey', () => {
    expect(httpAnswerOf(staticTrigger, { returned: { outputKey: 'status-error' } })).toEqual({ status: 403, headers: { 'content-type': ['text/plain'] }, body: 'Error: Forbidden' });
    expect(httpAnswerOf(staticTrigger, { returned: { statusCode: 200, body: 'egress' } }).status).toBe(500);
  });
});
