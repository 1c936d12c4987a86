ls /var/lib/docker/overlay2 | wc -l
F=$(grep -l Alpine /var/lib/docker/overlay2/*/diff/etc/os-release); L=${F%/etc/os-release}
mkdir -p /tmp/c/upper /tmp/c/work /tmp/c/merged
mount -t overlay overlay -o lowerdir=$L,upperdir=/tmp/c/upper,workdir=/tmp/c/work /tmp/c/merged
ls /tmp/c/merged
mkdir /sys/fs/cgroup/pids/c1
echo 20 > /sys/fs/cgroup/pids/c1/pids.max
echo $$ > /sys/fs/cgroup/pids/c1/cgroup.procs
unshare --mount --uts --ipc --net --pid --fork --cgroup bash
hostname c1
cd /tmp/c/merged
mkdir oldroot
pivot_root . oldroot
cd /
umount -l /oldroot
rmdir /oldroot
mount -t proc proc /proc
cat /etc/os-release | head -2
ls /
ps -o pid,comm
cat /proc/self/cgroup | grep pids
readlink /proc/self/ns/pid /proc/self/ns/net
echo hello > /root/note
ls /bin | wc -l
exit
ls /tmp/c/upper /tmp/c/upper/root
cat /tmp/c/upper/root/note
hostname
