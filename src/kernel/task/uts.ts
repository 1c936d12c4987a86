// UTS namespace: hostname and domainname as uname(2) reports them.
import type { UserNamespace } from '../ns/user';

export class UtsNamespace {
  constructor(
    readonly inum: number,
    readonly owner: UserNamespace,
    public nodename: string,
    public domainname = '(none)',
  ) {}
  /** copy_utsname: a new namespace starts with the creator's names */
  clone(inum: number, owner: UserNamespace): UtsNamespace {
    return new UtsNamespace(inum, owner, this.nodename, this.domainname);
  }
}
