// UTS namespace: hostname and domainname as uname(2) reports them.
let nextUtsInode = 4026531838;

export class UtsNamespace {
  readonly inum: number;
  constructor(
    public nodename: string,
    public domainname = '(none)',
    inum?: number,
  ) {
    this.inum = inum ?? nextUtsInode;
    if (inum === undefined) nextUtsInode += 1000;
  }
  clone(): UtsNamespace {
    return new UtsNamespace(this.nodename, this.domainname);
  }
}
