// tmpfs (mm/shmem.c): directories are Maps, regular files are sparse FileData. Used for the root
// filesystem, /dev (devtmpfs), /run, /tmp.
import { EEXIST, ENOENT, ENOTEMPTY, EISDIR, ENOTDIR, EPERM } from '../abi/errno';
import { S_IFDIR, S_IFREG, S_IFLNK, S_IFMT } from '../abi/flags';
import { Inode, SuperBlock, type DirOps } from './inode';
import { FileData } from './filedata';

export interface Clock {
  realtimeNs(): number;
}

export function tmpfsDirOps(clock: Clock): DirOps {
  const touchDir = (dir: Inode): void => {
    dir.mtimeNs = dir.ctimeNs = clock.realtimeNs();
  };
  return {
    lookup(dir, name) {
      return dir.entries?.get(name);
    },
    list(dir) {
      return [...(dir.entries ?? new Map<string, Inode>())].map(([name, inode]) => ({ name, inode }));
    },
    create(dir, name, mode, uid, gid, rdev) {
      if (dir.entries!.has(name)) return -EEXIST;
      const ino = new Inode(dir.sb, dir.sb.allocIno(), mode, uid, gid, clock.realtimeNs(), rdev);
      if ((mode & S_IFMT) === S_IFDIR) {
        ino.entries = new Map();
        ino.nlink = 2;
        dir.nlink++;
      } else if ((mode & S_IFMT) === S_IFREG) {
        ino.data = new FileData();
      }
      ino.parent = dir;
      dir.entries!.set(name, ino);
      touchDir(dir);
      return ino;
    },
    symlink(dir, name, target, uid, gid) {
      if (dir.entries!.has(name)) return -EEXIST;
      const ino = new Inode(dir.sb, dir.sb.allocIno(), S_IFLNK | 0o777, uid, gid, clock.realtimeNs());
      ino.target = target;
      ino.parent = dir;
      dir.entries!.set(name, ino);
      touchDir(dir);
      return ino;
    },
    link(dir, name, target) {
      if (dir.entries!.has(name)) return -EEXIST;
      if (target.isDir()) return -EPERM;
      dir.entries!.set(name, target);
      target.nlink++;
      target.ctimeNs = clock.realtimeNs();
      touchDir(dir);
      return 0;
    },
    unlink(dir, name) {
      const ino = dir.entries!.get(name);
      if (!ino) return -ENOENT;
      if (ino.isDir()) {
        if (ino.entries!.size > 0) return -ENOTEMPTY;
        dir.nlink--;
        ino.nlink = 0;
      } else {
        ino.nlink--;
      }
      dir.entries!.delete(name);
      ino.ctimeNs = clock.realtimeNs();
      touchDir(dir);
      return 0;
    },
    rename(odir, oname, ndir, nname) {
      const ino = odir.entries!.get(oname);
      if (!ino) return -ENOENT;
      const existing = ndir.entries!.get(nname);
      if (existing === ino) return 0;
      if (existing) {
        if (existing.isDir()) {
          if (!ino.isDir()) return -EISDIR;
          if (existing.entries!.size > 0) return -ENOTEMPTY;
          ndir.nlink--;
        } else if (ino.isDir()) return -ENOTDIR;
        existing.nlink = existing.isDir() ? 0 : existing.nlink - 1;
      }
      odir.entries!.delete(oname);
      ndir.entries!.set(nname, ino);
      if (ino.isDir() && odir !== ndir) {
        odir.nlink--;
        ndir.nlink++;
      }
      ino.parent = ndir;
      ino.ctimeNs = clock.realtimeNs();
      touchDir(odir);
      touchDir(ndir);
      return 0;
    },
  };
}

/** A new, empty tmpfs superblock with its root directory. */
export function makeTmpfs(clock: Clock, dev: number, fstype = 'tmpfs', rootMode = 0o1777): SuperBlock {
  const sb = new SuperBlock(fstype, dev, tmpfsDirOps(clock), 1);
  const root = new Inode(sb, sb.allocIno(), S_IFDIR | rootMode, 0, 0, clock.realtimeNs());
  root.entries = new Map();
  root.nlink = 2;
  sb.root = root;
  return sb;
}
