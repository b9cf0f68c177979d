import type { ReactNode } from 'react';
import { router } from '@forge/bridge';

/**
 * A link to another site. A click goes through Jira's router, which asks the person before it opens an external site in
 * a new tab; declining leaves the panel as it was.
 */
export function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" onClick={(event) => { event.preventDefault(); void router.open(href).catch(() => undefined); }}>
      {children}
    </a>
  );
}
