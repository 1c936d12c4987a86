mkdir -p /tmp/ov/lower1/etc /tmp/ov/lower2/etc /tmp/ov/lower2/data /tmp/ov/upper /tmp/ov/work /tmp/ov/merged
cd /tmp/ov
echo lower1 > lower1/etc/motd
echo lower2 > lower2/etc/motd
echo base > lower2/etc/os-release
echo 1 > lower2/data/one
echo 2 > lower2/data/two
mount -t overlay overlay -o lowerdir=lower1:lower2,upperdir=upper,workdir=work merged
grep overlay /proc/mounts
ls merged merged/etc
cat merged/etc/motd
echo appended >> merged/etc/os-release
cat merged/etc/os-release
cat lower2/etc/os-release
ls -lR upper
rm merged/etc/motd
ls merged/etc
ls -l upper/etc
cat lower1/etc/motd lower2/etc/motd
touch merged/newfile
ls upper
rm -r merged/data
mkdir merged/data
ls merged/data
ls -l upper
getfattr -d -m - upper/data upper
stat -c '%i %h %F' lower2/etc/os-release merged/etc/os-release upper/etc/os-release
mv merged/etc merged/etc2
echo $?
ls merged merged/etc2
ls -l upper
ls -l work work/work
umount merged
ls merged
mount -t overlay overlay -o lowerdir=lower1,upperdir=upper merged
dmesg | tail -1
mount -t overlay overlay -o lowerdir=lower1,upperdir=upper,workdir=/dev/shm merged
dmesg | tail -1
mount -t overlay overlay -o lowerdir=lower1 merged
dmesg | tail -1
mount -t overlay overlay -o lowerdir=lower1:lower2 merged
touch merged/x
umount merged
