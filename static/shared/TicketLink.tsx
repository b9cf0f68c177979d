import type { MouseEvent } from 'react';
import { router } from '@forge/bridge';

/**
 * A Jira ticket key that opens the ticket through the bridge's router (forge-docs apis-reference/ui-api-bridge/router:
 * `{ target: 'issue', issueKey }`): a plain link would load Jira inside the panel's iframe. A click with a modifier
 * (or the middle button) opens it in a new tab, as links do.
 */
export function TicketLink({ issueKey, children }: { issueKey: string; children?: React.ReactNode }) {
  const go = (event: MouseEvent<HTMLAnchorElement>): void => {
    event.preventDefault();
    const location = { target: 'issue' as const, issueKey };
    const newTab = event.ctrlKey || event.metaKey || event.shiftKey || event.button === 1;
    void (newTab ? router.open(location) : router.navigate(location)).catch(() => undefined);
  };
  return (
    <a href={`/browse/${encodeURIComponent(issueKey)}`} className="cs-ticket-link" data-ticket-link={issueKey} onClick={go} onAuxClick={go}>
      {children ?? issueKey}
    </a>
  );
}
