/**
 * Issue #17: the user guide's pages name only pictures that `npm run guide:images` makes (its GUIDE_IMAGES table) and
 * that are committed, and link only to guide pages that exist. The screenshots themselves are not taken here (too slow
 * for CI); this checks names and files.
 */
import fs from 'fs';
import path from 'path';
import { GUIDE_IMAGE_DIR, GUIDE_IMAGES } from '../../scripts/guide-images';

const GUIDE = path.resolve(__dirname, '../../docs/guide');
const PAGES = ['README.md', 'customer.md', 'pm.md', 'engineer.md', 'support.md', 'admin.md'];

const read = (page: string): string => fs.readFileSync(path.join(GUIDE, page), 'utf8');
/** `![alt](images/x.png)` → `x.png` */
const imagesNamed = (text: string): string[] => [...text.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
/** `[text](page.md)` or `[text](page.md#anchor)`, not images, not web addresses. */
const pagesLinked = (text: string): string[] =>
  [...text.matchAll(/(?<!!)\[[^\]]*\]\(([^)\s#]+)(#[^)\s]*)?\)/g)].map((m) => m[1]!).filter((target) => !/^[a-z]+:/.test(target) && target.endsWith('.md'));

describe('the user guide', () => {
  it('has one page per person and an index', () => {
    for (const page of PAGES) expect(fs.existsSync(path.join(GUIDE, page))).toBe(true);
  });

  it.each(PAGES)('%s names only pictures the script makes, each committed', (page) => {
    for (const target of imagesNamed(read(page))) {
      expect(target).toMatch(/^images\/[a-z0-9-]+\.png$/);
      const name = target.slice('images/'.length);
      expect(Object.keys(GUIDE_IMAGES)).toContain(name);
      expect(fs.existsSync(path.join(GUIDE_IMAGE_DIR, name))).toBe(true);
    }
  });

  it.each(PAGES)('%s links only to guide pages that exist', (page) => {
    for (const target of pagesLinked(read(page))) expect(fs.existsSync(path.resolve(GUIDE, target))).toBe(true);
  });

  it('shows every picture the script makes on some page, and keeps no picture the script no longer makes', () => {
    const named = new Set(PAGES.flatMap((page) => imagesNamed(read(page)).map((t) => t.replace(/^images\//, ''))));
    expect(Object.keys(GUIDE_IMAGES).filter((name) => !named.has(name))).toEqual([]);
    expect(fs.readdirSync(GUIDE_IMAGE_DIR).filter((file) => !(file in GUIDE_IMAGES))).toEqual([]);
  });

  it('is linked from the project README, one line per person', () => {
    const readme = fs.readFileSync(path.resolve(GUIDE, '../../README.md'), 'utf8');
    for (const page of PAGES) expect(readme).toContain(`(docs/guide/${page})`);
  });

  it('the pictures stay small enough for the repository (under 3 MB in all)', () => {
    const total = fs.readdirSync(GUIDE_IMAGE_DIR).reduce((sum, file) => sum + fs.statSync(path.join(GUIDE_IMAGE_DIR, file)).size, 0);
    expect(total).toBeLessThan(3 * 1024 * 1024);
  });
});
