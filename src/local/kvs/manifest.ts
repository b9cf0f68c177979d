import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { entitiesFromManifest, type EntityDefinition } from './entities';

/**
 * Reads `app.storage.entities` from a manifest.yml. `yaml` is not a direct dependency of this
 * project (it arrives with @forge/manifest); callers that cannot rely on it can parse the
 * manifest themselves and use `entitiesFromManifest`.
 */
export function loadManifestEntities(manifestPath: string): EntityDefinition[] {
  return entitiesFromManifest(parse(readFileSync(manifestPath, 'utf8')));
}
