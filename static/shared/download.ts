/**
 * Saves text as a file in the browser, without a server round trip. By default a BOM is written first so spreadsheets
 * read CSV as UTF-8; calendar files go without one (RFC 5545 content starts with BEGIN:VCALENDAR).
 */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8', options: { bom?: boolean } = {}): void {
  const blob = new Blob(options.bom === false ? [text] : ['\ufeff', text], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
