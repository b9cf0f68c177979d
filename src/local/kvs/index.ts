export { KvsEmulator, type KvsEmulatorOptions, type KvsReply, type KvsRequestEvent } from './emulator';
export { MemoryStore } from './memory-store';
export { SqliteStore } from './sqlite-store';
export type { KvsStore, ScanOptions, StoredRecord } from './store';
export { parseEntityDefinitions, entitiesFromManifest, type AttributeType, type EntityDefinition, type EntityIndex } from './entities';
export { loadManifestEntities } from './manifest';
export { FORGE_KVS_LIMITS, type KvsLimits } from './limits';
export { KVS_ERROR_CODES, KvsError, kvsErrors } from './errors';
export { resetKvsCounters, type KvsCounters, type KvsOpCounts } from './counters';
