import { ExternalLink } from './ExternalLink';
import { formatDay } from './plan';
import type { StageView } from './types';

/** The release notes a stage links (each release an upgrade crosses), as real links through Jira's router. */
export function ReleaseNotes({ notes }: { notes: StageView['releaseNotes'] }) {
  if (notes.length === 0) return null;
  return (
    <ul className="cs-release-notes" aria-label="Release notes">
      {notes.map((note) => (
        <li key={note.version}>
          {note.notesUrl ? (
            <ExternalLink href={note.notesUrl}>ClinSpark {note.version} release notes</ExternalLink>
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
