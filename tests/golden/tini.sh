# tini 0.19.0: options and messages as in src/tini.c; a reaping PID 1 in a PID namespace
tini --version
tini -h | head -3
tini; echo "status $?"
tini -x true; echo "status $?"
tini -p SIGFOO true; echo "status $?"
tini -e 256 true; echo "status $?"
tini -- sh -c 'exit 3'; echo "status $?"
tini -s -e 3 -- sh -c 'exit 3'; echo "status $?"
tini -s nosuchprog; echo "status $?"
TINI_VERBOSITY=4 tini -s -- sh -c 'sleep 0.2 & exec true'; echo "status $?"
tini -s -- sleep 100 &
sleep 0.1; kill -TERM %1; wait %1; echo "status $?"
tini -s -v -- sleep 100
^C
echo "status $?"
unshare --pid --fork --mount-proc tini -w -- sh -c 'sh -c "sleep 0.5 & exec sleep 1003" & sleep 1004; wait' &
sleep 1; ps -o pid,ppid,stat,args
pkill -f '^sleep 1003$'
sleep 0.1; ps -o pid,ppid,stat,args
grep -E '^(State|NSpid|SigBlk|SigIgn|SigCgt)' /proc/$(pgrep -x tini)/status
cat /proc/$(pgrep -x tini)/wchan; echo
kill -9 %1; wait
