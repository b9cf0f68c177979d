/** Whether a text is a link a browser opens over https (release notes and document references are read from the portal too). */
export function isHttpsLink(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.hostname.length > 0 && text === text.trim();
  } catch {
    return false;
  }
}
