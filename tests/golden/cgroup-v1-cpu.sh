# sim: --cpus 2
ls /sys/fs/cgroup/cpu
mkdir -p /sys/fs/cgroup/cpu/db/mysql /sys/fs/cgroup/cpuacct/db
ls /sys/fs/cgroup/cpu/db
cat /sys/fs/cgroup/cpu/db/cpu.cfs_period_us /sys/fs/cgroup/cpu/db/cpu.cfs_quota_us /sys/fs/cgroup/cpu/db/cpu.shares /sys/fs/cgroup/cpu/db/cpu.stat
echo 20000 > /sys/fs/cgroup/cpu/db/cpu.cfs_quota_us
echo 50000 > /sys/fs/cgroup/cpu/db/mysql/cpu.cfs_quota_us
echo 500 > /sys/fs/cgroup/cpu/db/cpu.cfs_quota_us
echo 5000000 > /sys/fs/cgroup/cpu/db/cpu.cfs_period_us
echo 1 > /sys/fs/cgroup/cpu/db/cpu.shares; cat /sys/fs/cgroup/cpu/db/cpu.shares
echo 1024 > /sys/fs/cgroup/cpu/db/cpu.shares
echo $$ > /sys/fs/cgroup/cpu/db/mysql/tasks
echo $$ > /sys/fs/cgroup/cpuacct/db/tasks
stress --cpu 1 --timeout 20 &
sleep 5
cat /sys/fs/cgroup/cpuacct/db/cpuacct.usage
cat /sys/fs/cgroup/cpuacct/db/cpuacct.stat
cat /sys/fs/cgroup/cpu/db/cpu.stat
top -b -n 2 -d 5 | tail -6
ps -o pid,stat,pcpu,comm -C stress
grep -E 'cpu|cpuacct' /proc/$$/cgroup
wait
