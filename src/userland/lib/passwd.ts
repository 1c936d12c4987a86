// /etc/passwd and /etc/group lookups (the getpwuid/getgrgid part of libc), for ls, stat, id, ps...
// Each call re-reads the files, as libc's nss "files" backend does; cache the result per run.
import type { Sys, SysCall } from '../../kernel/syscall';
import { readFile } from './io';

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

/** Parse /etc/passwd text. */
export function parsePasswd(text: string): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const f = line.split(':');
    if (f.length < 7) continue;
    const uid = Number(f[2]);
    const gid = Number(f[3]);
    if (!Number.isInteger(uid) || !Number.isInteger(gid)) continue;
    out.push({ name: f[0]!, uid, gid, gecos: f[4]!, home: f[5]!, shell: f[6]! });
  }
  return out;
}

/** Parse /etc/group text. */
export function parseGroup(text: string): GroupEntry[] {
  const out: GroupEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const f = line.split(':');
    if (f.length < 4) continue;
    const gid = Number(f[2]);
    if (!Number.isInteger(gid)) continue;
    out.push({ name: f[0]!, gid, members: f[3] ? f[3].split(',').filter((m) => m) : [] });
  }
  return out;
}

/** The user and group databases as read once. */
export class IdDb {
  constructor(
    readonly users: PasswdEntry[],
    readonly groups: GroupEntry[],
  ) {}
  userByUid(uid: number): PasswdEntry | undefined {
    return this.users.find((u) => u.uid === uid);
  }
  userByName(name: string): PasswdEntry | undefined {
    return this.users.find((u) => u.name === name);
  }
  groupByGid(gid: number): GroupEntry | undefined {
    return this.groups.find((g) => g.gid === gid);
  }
  groupByName(name: string): GroupEntry | undefined {
    return this.groups.find((g) => g.name === name);
  }
  /** User name, or the number as a string when there is none (as ls and ps print it). */
  userName(uid: number): string {
    return this.userByUid(uid)?.name ?? String(uid);
  }
  /** Group name, or the number as a string. */
  groupName(gid: number): string {
    return this.groupByGid(gid)?.name ?? String(gid);
  }
  /** getgrouplist(): the primary gid first, then every group listing the user as a member. */
  groupList(user: string, gid: number): number[] {
    const out = [gid];
    for (const g of this.groups) if (g.members.includes(user) && !out.includes(g.gid)) out.push(g.gid);
    return out;
  }
}

/** Read /etc/passwd and /etc/group (missing files give empty databases). */
export function* loadIdDb(sys: Sys): SysCall<IdDb> {
  const p = yield* readFile(sys, '/etc/passwd');
  const g = yield* readFile(sys, '/etc/group');
  return new IdDb(typeof p === 'string' ? parsePasswd(p) : [], typeof g === 'string' ? parseGroup(g) : []);
}
