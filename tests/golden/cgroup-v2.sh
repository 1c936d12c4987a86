# sim: --cgroup 2
ls /sys/fs/cgroup
cat /sys/fs/cgroup/cgroup.controllers /sys/fs/cgroup/cgroup.subtree_control
cat /proc/self/cgroup
grep cgroup /proc/mounts
mkdir /sys/fs/cgroup/demo
ls /sys/fs/cgroup/demo
cat /sys/fs/cgroup/demo/cgroup.type /sys/fs/cgroup/demo/cpu.max /sys/fs/cgroup/demo/cpu.weight /sys/fs/cgroup/demo/pids.max /sys/fs/cgroup/demo/cgroup.events
echo $$ > /sys/fs/cgroup/demo/cgroup.procs
cat /proc/self/cgroup
cat /sys/fs/cgroup/demo/cgroup.events
mkdir /sys/fs/cgroup/demo/child
echo +pids > /sys/fs/cgroup/demo/cgroup.subtree_control
echo $$ > /sys/fs/cgroup/cgroup.procs
echo +pids > /sys/fs/cgroup/demo/cgroup.subtree_control
echo +rdma > /sys/fs/cgroup/demo/cgroup.subtree_control
ls /sys/fs/cgroup/demo/child
echo $$ > /sys/fs/cgroup/demo/cgroup.procs
echo "20000 100000" > /sys/fs/cgroup/demo/cpu.max
cat /sys/fs/cgroup/demo/cpu.max
echo max > /sys/fs/cgroup/demo/cpu.max
echo 50 > /sys/fs/cgroup/demo/cpu.weight; cat /sys/fs/cgroup/demo/cpu.weight
rmdir /sys/fs/cgroup/demo/child
rmdir /sys/fs/cgroup/demo
