import { execFileSync, spawnSync } from 'node:child_process';
import { StartupError } from '../startup-error';

/**
 * The account a PostgreSQL server we start runs as. PostgreSQL refuses to run as root, so a root
 * process starts it as `postgres` (made here if the machine has no such user); anyone else starts
 * it as themselves.
 */
export interface ServerUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

const NAME = 'postgres';

/** undefined when this process is not root: the server then runs as whoever started it. */
export function serverUser(): ServerUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  return lookUp() ?? createUser();
}

function lookUp(): ServerUser | undefined {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, NAME], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim());
    return { name: NAME, uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

function createUser(): ServerUser {
  try {
    // groupadd exits 9 when the group exists already, which is fine.
    spawnSync('groupadd', ['--system', NAME], { stdio: 'ignore' });
    execFileSync('useradd', ['--system', '--gid', NAME, '--no-create-home', '--shell', '/usr/sbin/nologin', NAME], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    throw new StartupError(`PostgreSQL refuses to run as root and the ${NAME} user could not be created (${firstLine(error)}): create it (useradd --system ${NAME}) or set DATABASE_URL`);
  }
  const user = lookUp();
  if (!user) throw new StartupError(`the ${NAME} user was created but cannot be looked up (id -u ${NAME}): check /etc/passwd or set DATABASE_URL`);
  return user;
}

/**
 * Whether the server's user can enter a folder. Tried as that user rather than computed from mode
 * bits, so every parent folder, ACLs and group membership count exactly as they will for the server.
 */
export function canEnter(user: ServerUser | undefined, dir: string): boolean {
  if (!user) return true;
  return spawnSync('/bin/sh', ['-c', 'cd -- "$1"', 'probe', dir], { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0;
}

/** Whether the server's user can run a binary (reach it, and load its libraries). */
export function canRun(user: ServerUser | undefined, binary: string): boolean {
  const result = spawnSync(binary, ['--version'], { uid: user?.uid, gid: user?.gid, stdio: 'ignore' });
  return !result.error && result.status === 0;
}

export function firstLine(error: unknown): string {
  const stderr = (error as { stderr?: Buffer | string }).stderr?.toString().trim();
  const text = stderr || (error instanceof Error ? error.message : String(error));
  return text.split('\n')[0] ?? text;
}
