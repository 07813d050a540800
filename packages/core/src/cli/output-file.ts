import { accessSync, constants, realpathSync, statSync, type Stats } from "node:fs";
import { readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { OutputUnwritableError } from "./output-unwritable-error";
import { UsageError } from "./usage-error";

/**
 * Checks `--out` before any work starts, so that a wrong path costs a second rather than a whole
 * analysis: it ends in one of `extensions`, its folder exists and is writable, and it is neither
 * a directory nor one of `inputs` (a report written over its own keypoint file would destroy it).
 */
export function checkOutputFile(out: string, extensions: readonly string[], inputs: readonly string[] = []): string {
  const ext = path.extname(out).toLowerCase();
  if (!extensions.includes(ext)) throw new UsageError(`--out must end in ${extensions.join(" or ")}, got "${path.basename(out) || out}"`);
  const dir = path.dirname(path.resolve(out));
  const existing = statOrUndefined(out);
  if (existing?.isDirectory()) throw new OutputUnwritableError(`--out ${out} is a directory; name a file inside it`);
  const folder = statOrUndefined(dir);
  if (!folder?.isDirectory()) throw new OutputUnwritableError(`--out ${out}: the folder ${dir} does not exist`, { hint: "Create the folder first, or choose an --out path in an existing folder." });
  try {
    accessSync(dir, constants.W_OK);
  } catch (cause) {
    throw new OutputUnwritableError(`--out ${out}: the folder ${dir} is not writable (${(cause as NodeJS.ErrnoException).code ?? "denied"})`, { cause });
  }
  if (existing) {
    const target = realpathSync(out);
    for (const input of inputs) {
      if (statOrUndefined(input) && realpathSync(input) === target) throw new OutputUnwritableError(`--out ${out} is the input file; writing there would destroy it`, { hint: "Choose another --out path." });
    }
  }
  return out;
}

/**
 * Where a file for `out` is written before it is renamed into place: beside it (a rename within
 * one folder is atomic), hidden, and named after this process so that two writers never share one.
 */
export function temporaryFileFor(out: string): string {
  return path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
}

/**
 * Removes the temporary files beside `out` that runs killed outright (SIGKILL, a power cut) left
 * behind: those named for `out` by {@link temporaryFileFor} whose process is gone. A file whose
 * process still runs is another writer's at work, and stays. Best effort: it never throws.
 */
export async function removeAbandonedTemporaryFiles(out: string): Promise<void> {
  const dir = path.dirname(out);
  const prefix = `.${path.basename(out)}.`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
    const pid = Number(name.slice(prefix.length, -".tmp".length));
    // Best effort: a file this user may not remove is no reason not to write.
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processRuns(pid)) await rm(path.join(dir, name), { force: true }).catch(() => undefined);
  }
}

/** Whether a process with this id exists (EPERM: it does, as another user's). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Writes `data` to `out` whole or not at all: into a temporary file beside it, then renamed into
 * place, so that a failed write (a full disk, a revoked permission) leaves neither a partial
 * report nor the temporary file.
 */
export async function writeOutputFile(out: string, data: string | Uint8Array): Promise<void> {
  const temp = temporaryFileFor(out);
  try {
    await writeFile(temp, data);
    await rename(temp, out);
  } catch (cause) {
    await rm(temp, { force: true });
    throw new OutputUnwritableError(`Cannot write ${out} (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message})`, { cause });
  }
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
