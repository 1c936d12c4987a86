cat /proc/loadavg
cat /proc/uptime
cat /proc/sys/kernel/pid_max
cat /proc/sys/kernel/ostype /proc/sys/kernel/osrelease /proc/sys/kernel/hostname
echo 1000 > /proc/sys/kernel/pid_max
cat /proc/sys/kernel/pid_max
echo 5 > /proc/sys/kernel/pid_max
cat /proc/1/cmdline | tr '\0' ' '; echo
readlink /proc/self
readlink /proc/$$/exe /proc/$$/cwd /proc/$$/root
ls -l /proc/$$/fd
head -3 /proc/meminfo
grep -c processor /proc/cpuinfo
cat /proc/version
