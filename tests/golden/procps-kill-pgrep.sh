kill -l
kill -l 15
kill -l TERM
/bin/kill -L
/bin/kill -l
sleep 100 &
sleep 200 &
sleep 1
kill -s TERM %1
pgrep -l sleep
pgrep -a sleep
pgrep -c sleep
pkill sleep
sleep 1
pgrep sleep; echo $?
kill -s NOPE 1; echo $?
/bin/kill -s NOPE 1; echo $?
pgrep; echo $?
