// struct cred: the identity a task acts with. Capabilities and user namespaces come with the
// security issue; until then uid 0 is all-powerful, as root in the initial user namespace is.
export class Cred {
  constructor(
    public uid = 0,
    public gid = 0,
    public euid = 0,
    public egid = 0,
    public suid = 0,
    public sgid = 0,
    public fsuid = 0,
    public fsgid = 0,
    public groups: number[] = [],
  ) {}
  clone(): Cred {
    return new Cred(this.uid, this.gid, this.euid, this.egid, this.suid, this.sgid, this.fsuid, this.fsgid, [...this.groups]);
  }
}
