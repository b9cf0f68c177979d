import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NOT_AUTHENTICATED } from '../errors';
import type { JiraStandIn } from '../stand-in';
import { type JiraResponse, jsonResponse, responseText } from './messages';

export interface JiraHttpServerOptions {
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Defaults to 0: an ephemeral port. */
  port?: number;
  /** Largest accepted request body; defaults to 10 MiB. */
  maxBodyBytes?: number;
}

export interface JiraHttpServer {
  /** `http://host:port`, also the origin of `self` links in responses. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, answer: JiraResponse): void {
  const text = answer.status === 204 ? '' : responseText(answer);
  response.writeHead(answer.status, { ...answer.headers, ...(text ? { 'content-length': Buffer.byteLength(text) } : {}) });
  response.end(text);
}

/**
 * Serves the stand-in over HTTP. HTTP Basic auth with a known person's e-mail
 * and any token identifies the caller; no header means anonymous.
 */
export async function startJiraHttpServer(standIn: JiraStandIn, options: JiraHttpServerOptions = {}): Promise<JiraHttpServer> {
  const host = options.host ?? '127.0.0.1';
  const limit = options.maxBodyBytes ?? 10 * 1024 * 1024;
  let origin = '';

  const server = createServer((request, response) => {
    void (async () => {
      try {
        const caller = standIn.callerFromAuthorization(request.headers.authorization);
        if (!caller) {
          send(response, jsonResponse(401, { errorMessages: [NOT_AUTHENTICATED], errors: {} }));
          return;
        }
        const body = await readBody(request, limit);
        const headers: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(request.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        const answer = await standIn.handle({ method: request.method ?? 'GET', path: request.url ?? '/', headers, body, baseUrl: origin }, caller);
        send(response, answer);
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          send(response, jsonResponse(413, { errorMessages: ['Request entity too large.'], errors: {} }));
          return;
        }
        if (!response.headersSent) send(response, jsonResponse(500, { errorMessages: ['Internal server error'], errors: {} }));
      }
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: origin,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
