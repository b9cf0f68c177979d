import { useState } from 'react';
import { call } from '../../shared/bridge';
import type { Refusal } from '../../shared/types';

interface SlotFeedLink {
  url: string;
  slots: number;
}

/**
 * The engineer's own iCalendar feed: a link their calendar app subscribes to. The link is the credential, so the
 * page says so, and renewing it retires the old one.
 */
export function FeedLink() {
  const [link, setLink] = useState<SlotFeedLink | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);
  const ask = async (renew: boolean) => {
    setBusy(true);
    setCopied(false);
    const got = await call<SlotFeedLink>('getSlotFeedLink', renew ? { renew } : {});
    setBusy(false);
    if (got.ok) {
      setLink(got.data);
      setRefusal(null);
    } else setRefusal(got.error);
  };
  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link.url);
      setCopied(true);
    } catch {
      // Some browsers keep the clipboard from frames: the link stays selected in its field to copy by hand.
      (document.getElementById('cs-feed-url') as HTMLInputElement | null)?.select();
    }
  };
  return (
    <section className="cs-calendar-feed" aria-label="Subscribe to your slots">
      <h2>Subscribe to your slots</h2>
      <p>Add your upgrade slots to Outlook, Google Calendar or Apple Calendar with a link: they stay up to date there, proposed slots marked tentative.</p>
      {link ? (
        <>
          <label htmlFor="cs-feed-url">Your calendar link ({link.slots} slot{link.slots === 1 ? '' : 's'} now)</label>
          <div className="cs-feed-row">
            <input id="cs-feed-url" type="text" readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} />
            <button type="button" onClick={() => void copy()}>
              {copied ? 'Copied' : 'Copy link'}
            </button>
          </div>
          <p className="cs-muted">
            Anyone with this link sees your slots: keep it to yourself. If it was shared by mistake,{' '}
            <button type="button" className="cs-link-button" disabled={busy} onClick={() => void ask(true)}>
              make a new link
            </button>{' '}
            and the old one stops working.
          </p>
        </>
      ) : (
        <button type="button" disabled={busy} onClick={() => void ask(false)}>
          Get my calendar link
        </button>
      )}
      {refusal ? (
        <p role="alert" className="cs-warning">
          {refusal.message}
        </p>
      ) : null}
    </section>
  );
}
