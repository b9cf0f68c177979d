import { Component, StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import '@atlaskit/css-reset';
import './panel.css';
import { prefetchedOrAfter } from './prefetch';
import { adoptReaderTimeZone } from './readerZone';
import { followHostTheme } from './theme';

/** How long a panel waits for its first answer before it shows its loading state (a shorter wait is not seen as one). */
export const LOADING_STATE_AFTER_MS = 100;

class Crash extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" className="cs-crash">
        <strong>This panel stopped working.</strong> Reload the page; nothing you saved was lost. ({this.state.error.message})
      </div>
    );
  }
}

/** Starts a panel: theme first (so the first paint has the right colours when it can), the reader's time zone, its first answer if it comes quickly, then the app. */
export function mount(app: ReactNode): void {
  void followHostTheme();
  const root = document.getElementById('root');
  if (!root) throw new Error('the page has no #root element');
  const render = (): void =>
    createRoot(root).render(
      <StrictMode>
        <Crash>{app}</Crash>
      </StrictMode>,
    );
  // Times are shown in the person's Jira time zone from the first paint: the context names it (a host round trip).
  void adoptReaderTimeZone()
    .catch(() => undefined)
    .then(() => prefetchedOrAfter(LOADING_STATE_AFTER_MS))
    .then(render, render);
}
