# the v1 freezer: frozen tasks are D in __refrigerator, use no CPU, take no signal until thawed
mkdir /sys/fs/cgroup/freezer/demo
ls /sys/fs/cgroup/freezer/demo
cat /sys/fs/cgroup/freezer/demo/freezer.state
stress --cpu 1 --timeout 600 &
sleep 3 &
sleep 1000 &
sleep 0.5
for p in $(pgrep -x stress) $(pgrep -x sleep); do echo $p > /sys/fs/cgroup/freezer/demo/cgroup.procs; done
W=$(pgrep -n stress); cut -d' ' -f14 /proc/$W/stat
echo FROZEN > /sys/fs/cgroup/freezer/demo/freezer.state
cat /sys/fs/cgroup/freezer/demo/freezer.state
ps -o pid,stat,wchan:16,args -C sleep,stress
grep State /proc/$W/status
sleep 5; cut -d' ' -f14 /proc/$W/stat
kill -9 %3; sleep 0.1; ps -o pid,stat,args -C sleep
mkdir /sys/fs/cgroup/freezer/demo/sub
cat /sys/fs/cgroup/freezer/demo/sub/freezer.state /sys/fs/cgroup/freezer/demo/sub/freezer.parent_freezing /sys/fs/cgroup/freezer/demo/sub/freezer.self_freezing
echo FREEZING > /sys/fs/cgroup/freezer/demo/freezer.state
cat /sys/fs/cgroup/freezer/freezer.state
echo THAWED > /sys/fs/cgroup/freezer/demo/freezer.state
sleep 1; cut -d' ' -f14 /proc/$W/stat
jobs
ps -o pid,stat,args -C sleep,stress
