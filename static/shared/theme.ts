import { view } from '@forge/bridge';
import { setGlobalTheme } from '@atlaskit/tokens/set-global-theme';
import { PANEL_THEME_STATE } from './themeState';

type ColorMode = 'light' | 'dark' | 'auto';
const asMode = (value: unknown): ColorMode | null => (value === 'light' || value === 'dark' || value === 'auto' ? value : null);

/**
 * Follows Jira's theme: asks the host to apply it (view.theme.enable), then loads the matching
 * @atlaskit/tokens theme and keeps following the host's `data-color-mode` when the person switches theme.
 * Without a host theme (local preview) it follows the operating system.
 */
export async function followHostTheme(): Promise<void> {
  const html = document.documentElement;
  let applied: ColorMode | null = null;
  const apply = (mode: ColorMode): void => {
    if (mode === applied) return;
    applied = mode;
    void setGlobalTheme({ colorMode: mode, ...PANEL_THEME_STATE }).catch(() => undefined);
  };
  try {
    await view.theme.enable();
  } catch {
    // Older hosts do not theme Custom UI: the OS preference decides.
  }
  let fromContext: ColorMode | null = null;
  try {
    const context = await view.getContext();
    fromContext = asMode(context.theme?.colorMode);
  } catch {
    // No context: keep the attribute or the OS preference.
  }
  apply(asMode(html.getAttribute('data-color-mode')) ?? fromContext ?? 'auto');
  new MutationObserver(() => {
    const mode = asMode(html.getAttribute('data-color-mode'));
    if (mode && mode !== 'auto') apply(mode);
  }).observe(html, { attributes: true, attributeFilter: ['data-color-mode'] });
}
