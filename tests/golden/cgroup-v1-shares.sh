# sim: --cpus 2
mkdir /sys/fs/cgroup/cpu/a /sys/fs/cgroup/cpu/b /sys/fs/cgroup/cpuacct/a /sys/fs/cgroup/cpuacct/b /sys/fs/cgroup/cpuset/one
echo 512 > /sys/fs/cgroup/cpu/b/cpu.shares
echo $$ > /sys/fs/cgroup/cpuset/one/cgroup.procs
cat /sys/fs/cgroup/cpuset/one/cpuset.cpus
echo 1 > /sys/fs/cgroup/cpuset/one/cpuset.cpus
echo 0 > /sys/fs/cgroup/cpuset/one/cpuset.mems
echo $$ > /sys/fs/cgroup/cpuset/one/cgroup.procs
cat /sys/fs/cgroup/cpuset/one/cpuset.effective_cpus
(echo $BASHPID > /sys/fs/cgroup/cpu/a/cgroup.procs; echo $BASHPID > /sys/fs/cgroup/cpuacct/a/cgroup.procs; exec stress --cpu 1 --timeout 7) &
(echo $BASHPID > /sys/fs/cgroup/cpu/b/cgroup.procs; echo $BASHPID > /sys/fs/cgroup/cpuacct/b/cgroup.procs; exec stress --cpu 1 --timeout 7) &
sleep 6
cat /sys/fs/cgroup/cpuacct/a/cpuacct.usage /sys/fs/cgroup/cpuacct/b/cpuacct.usage
ps -o pid,psr,comm -C stress
grep Cpus_allowed_list /proc/self/status
wait
