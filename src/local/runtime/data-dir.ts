import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DATA_FILES = { jira: 'jira.db', kvs: 'kvs.db', state: 'runtime.db' } as const;
const LOCK_FILE = 'runtime.lock';

export function dataFile(dataDir: string, name: keyof typeof DATA_FILES): string {
  return join(dataDir, DATA_FILES[name]);
}

/** Removes the databases (with their WAL and shared-memory files): the next start begins from the demo data. */
export function wipeData(dataDir: string): void {
  for (const file of Object.values(DATA_FILES)) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(join(dataDir, file + suffix), { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One runtime per data folder: a lock file naming the process (a stale lock, whose process is gone, is taken over). */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lock = join(dataDir, LOCK_FILE);
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
      throw new Error(`Another runtime (process ${pid}) uses ${dataDir}; stop it first, or choose another folder with --data-dir.`);
    }
  }
  writeFileSync(lock, String(process.pid));
  return () => rmSync(lock, { force: true });
}
