unshare --pid --fork --mount-proc bash
echo $$
ps -ef
kill -9 1
echo $?
kill -TERM 1
echo still here
grep -E '^(NSpid|SigCgt)' /proc/1/status
trap 'echo got TERM' TERM
kill -TERM 1
grep SigCgt /proc/1/status
exit
readlink /proc/self/ns/pid /proc/self/ns/uts
unshare --pid --fork --mount-proc sleep 1000 &
sleep 1
pgrep -a sleep
grep NSpid /proc/$(pgrep -x sleep)/status
nsenter -t $(pgrep -x sleep) -p -m ps -ef
lsns -t pid
kill -TERM $(pgrep -x sleep)
pgrep -a sleep
kill -KILL $(pgrep -x sleep)
sleep 1
pgrep -a sleep
jobs
unshare -u bash -c 'hostname container; hostname; readlink /proc/self/ns/uts'
hostname
