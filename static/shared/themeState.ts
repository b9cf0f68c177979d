/**
 * The @atlaskit/tokens themes the panels ask setGlobalTheme for, besides the colour mode. Kept apart from theme.ts
 * (which imports @forge/bridge) so that scripts/build-panels.ts can read it and build exactly these themes.
 */
export const PANEL_THEME_STATE = { light: 'light', dark: 'dark', spacing: 'spacing', shape: 'shape', typography: 'typography' } as const;
