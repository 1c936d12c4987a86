hostname
hostname -s; hostname -f; hostname -i; hostname -I
cat /etc/hostname
uname; uname -s -r; uname -m; uname -o; uname -n
uname -a
uname -x
dmesg | head -3
dmesg -l err; echo $?
dmesg -x | head -2 | tail -1
dmesg --level=err,warn; echo $?
dmesg -t | head -2
dmesg -Z
