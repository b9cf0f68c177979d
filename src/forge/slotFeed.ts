import { createHash, randomBytes } from 'node:crypto';
import { webTrigger } from '@forge/api';
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import type { AppPorts, SlotFeedOwner, SlotFeedStore } from '../app/ports';
import { SLOT_FEED_FILE, SLOT_FEED_TOKEN, slotFeedOf } from '../app/slotFeed';
import { forgePorts } from './runtime';

/** The manifest's `webtrigger` module that serves the engineers' feeds. */
export const SLOT_FEED_MODULE_KEY = 'engineer-slot-feed';

/** The feed's base URL: stable per app, site and environment (runtime-reference/web-trigger-api). */
export const slotFeedUrl = (): Promise<string> => webTrigger.getUrl(SLOT_FEED_MODULE_KEY);

// Storage keys carry a hash of the token, never the token: whoever lists the app's keys still cannot open a feed.
const ownerKeyOf = (token: string): string => `slot-feed:${createHash('sha256').update(token).digest('base64url')}`;
const tokenKeyOf = (owner: SlotFeedOwner): string => `slot-feed-token:${owner.projectKey}:${owner.accountId}`;

/** Feed tokens on Forge's KVS: the token itself as a secret (encrypted, kvs-api "Secret storage"), its owner under its hash. */
export class KvsSlotFeedStore implements SlotFeedStore {
  async tokenFor(owner: SlotFeedOwner, renew: boolean): Promise<string> {
    const key = tokenKeyOf(owner);
    const current = await kvs.getSecret<string>(key);
    if (current && !renew) return current;
    const token = randomBytes(32).toString('base64url');
    // The new token opens the feed before anyone can see it; the old one stops working last, so a failure leaves a working link.
    await kvs.set(ownerKeyOf(token), owner);
    await kvs.setSecret(key, token);
    if (current) await kvs.delete(ownerKeyOf(current));
    return token;
  }

  async ownerOf(token: string): Promise<SlotFeedOwner | undefined> {
    const owner = await kvs.get<SlotFeedOwner>(ownerKeyOf(token));
    if (!owner) return undefined;
    // A token replaced while its delete failed is not the person's token any more.
    return (await kvs.getSecret<string>(tokenKeyOf(owner))) === token ? owner : undefined;
  }
}

/** What Forge hands a web trigger's function (events-reference/web-trigger, "Request"). */
export const webTriggerRequestSchema = z.object({
  method: z.string().min(1).max(16),
  path: z.string().max(2048),
  userPath: z.string().max(2048).optional(),
  headers: z.record(z.string(), z.array(z.string())).optional(),
  queryParameters: z.record(z.string(), z.array(z.string())).optional(),
  body: z.string().optional(),
}).passthrough();

/** The function's answer (events-reference/web-trigger, "Response"): a statusCode, string headers lists and a string body. */
export interface WebTriggerAnswer {
  statusCode: number;
  statusText?: string;
  headers?: Record<string, string[]>;
  body?: string;
}

const text = (statusCode: number, statusText: string, body: string, extra: Record<string, string[]> = {}): WebTriggerAnswer => ({
  statusCode, statusText, headers: { 'Content-Type': ['text/plain; charset=utf-8'], 'Cache-Control': ['no-store'], ...extra }, body,
});
/** One answer for a malformed, unknown or revoked link, so a caller learns nothing about which tokens exist. */
const NO_FEED = text(404, 'Not Found', 'No calendar feed lives at this link. Copy your link again from the Upgrade slots calendar in Jira.\n');
const FEED_PATH = new RegExp(`^/([^/]+)(?:/${SLOT_FEED_FILE.replace('.', '\\.')})?$`);

/** One feed request as Forge makes it, on the given ports. */
export async function answerSlotFeedRequest(raw: unknown, ports: AppPorts, feeds: SlotFeedStore): Promise<WebTriggerAnswer> {
  const parsed = webTriggerRequestSchema.safeParse(raw);
  if (!parsed.success) return text(400, 'Bad Request', `malformed web trigger request: ${parsed.error.issues[0]?.path.join('.') || 'request'}\n`);
  const request = parsed.data;
  if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Method Not Allowed', 'A calendar feed is read with GET.\n', { Allow: ['GET, HEAD'] });
  const token = FEED_PATH.exec(request.userPath ?? '')?.[1];
  if (!token || !SLOT_FEED_TOKEN.test(token)) return NO_FEED;
  const calendar = await slotFeedOf(ports, feeds, token);
  if (calendar === null) return NO_FEED;
  return {
    statusCode: 200,
    headers: {
      'Content-Type': ['text/calendar; charset=utf-8'],
      'Content-Disposition': [`inline; filename="${SLOT_FEED_FILE}"`],
      // The link is a credential: no shared cache may keep what it opens.
      'Cache-Control': ['private, max-age=300'],
    },
    body: request.method === 'HEAD' ? '' : calendar,
  };
}

/** The `slot-feed` function of the manifest's `webtrigger` module: an engineer's slots as an iCalendar feed. */
export async function onSlotFeedRequest(request: unknown): Promise<WebTriggerAnswer> {
  try {
    return await answerSlotFeedRequest(request, forgePorts({ kind: 'trigger' }), new KvsSlotFeedStore());
  } catch (error) {
    console.error('slot feed failed', error);
    return text(503, 'Service Unavailable', 'The calendar feed is not available just now; your calendar app will try again.\n', { 'Retry-After': ['300'] });
  }
}
