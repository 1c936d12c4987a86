ls /sys/fs/cgroup
cat /proc/cgroups
cat /proc/self/cgroup
ls /sys/fs/cgroup/pids
mkdir /sys/fs/cgroup/pids/demo
ls /sys/fs/cgroup/pids/demo
cat /sys/fs/cgroup/pids/demo/pids.max /sys/fs/cgroup/pids/demo/pids.current /sys/fs/cgroup/pids/demo/pids.events
echo 5 > /sys/fs/cgroup/pids/demo/pids.max
echo $$ > /sys/fs/cgroup/pids/demo/cgroup.procs
cat /proc/$$/cgroup | head -1
sleep 100 &
sleep 100 &
sleep 100 &
sleep 100 &
sleep 100 &
read n < /sys/fs/cgroup/pids/demo/pids.current; echo $n
jobs
kill %1 %2 %3 %4
wait
cat /sys/fs/cgroup/pids/demo/pids.events
cat /sys/fs/cgroup/pids/demo/pids.peak
rmdir /sys/fs/cgroup/pids/demo
echo abc > /sys/fs/cgroup/pids/demo/pids.max
echo 99999 > /sys/fs/cgroup/pids/cgroup.procs
echo $$ > /sys/fs/cgroup/pids/cgroup.procs
rmdir /sys/fs/cgroup/pids/demo
ls /sys/fs/cgroup/pids
dmesg | grep cgroup
