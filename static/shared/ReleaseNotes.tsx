import { router } from '@forge/bridge';
import { formatDay } from './plan';
import type { StageView } from './types';

/**
 * The release notes a stage links (each release an upgrade crosses), as real links. A click goes through Jira's router,
 * which asks the person before it opens an external site in a new tab; declining leaves the panel as it was.
 */
export function ReleaseNotes({ notes }: { notes: StageView['releaseNotes'] }) {
  if (notes.length === 0) return null;
  return (
    <ul className="cs-release-notes" aria-label="Release notes">
      {notes.map((note) => (
        <li key={note.version}>
          {note.notesUrl ? (
            <a href={note.notesUrl} target="_blank" rel="noopener noreferrer" onClick={(event) => { event.preventDefault(); void router.open(note.notesUrl!).catch(() => undefined); }}>
              ClinSpark {note.version} release notes
            </a>
          ) : (
            <span>
              ClinSpark {note.version} <span className="cs-muted">(no release notes link yet)</span>
            </span>
          )}
          {note.date && <span className="cs-muted"> · released {formatDay(note.date)}</span>}
        </li>
      ))}
    </ul>
  );
}
