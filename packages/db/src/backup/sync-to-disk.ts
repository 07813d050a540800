import { closeSync, fsyncSync, openSync } from "node:fs";

/** fsync of a file, so that what was written to it survives a power cut. */
export function syncFile(file: string, flags = "r+"): void {
  const fd = openSync(file, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * fsync of a folder, so that a rename or a new name in it survives a power cut. Some file systems
 * refuse to sync a folder (some network and FUSE ones): the rename is done all the same.
 */
export function syncFolder(dir: string): void {
  try {
    syncFile(dir, "r");
  } catch {
    // Not supported here; see above.
  }
}
