/**
 * The files `--watch` follows, watched through their folders: one `fs.watch` per folder, its events told by file
 * name. An editor's atomic save (and `sed -i`, `git checkout`) writes a new file and renames it over the old one; a
 * watch of the file itself follows the old file away, and has to be set up again on the new one — which chokidar 4
 * lost for good when two such saves came in quick succession (`test/cli/watch.test.ts`). A folder's watch stays
 * through any number of them. Which of the events matter is the caller's to tell (a file's text, read later).
 */

import { type FSWatcher, watch } from 'node:fs';
import { dirname, join } from 'node:path';

export interface FolderWatch {
  /** Watches the folder of `file` (absolute), once per folder. */
  add(file: string): void;
  close(): void;
}

/**
 * Calls `onEvent` with the absolute path of each file an event of a watched folder names (any file of it, or, where
 * the platform names none, each file added in that folder), and `onError` when a folder's watch fails.
 */
export function watchFolders(onEvent: (file: string) => void, onError: (error: Error) => void): FolderWatch {
  const folders = new Map<string, FSWatcher>();
  const added = new Map<string, Set<string>>();
  return {
    add(file) {
      const folder = dirname(file);
      const files = added.get(folder) ?? new Set<string>();
      added.set(folder, files.add(file));
      if (folders.has(folder)) return;
      const watcher = watch(folder, (_kind, name) => {
        if (name === null) for (const each of files) onEvent(each);
        else onEvent(join(folder, name));
      });
      watcher.on('error', onError);
      folders.set(folder, watcher);
    },
    close() {
      for (const watcher of folders.values()) watcher.close();
      folders.clear();
    },
  };
}
