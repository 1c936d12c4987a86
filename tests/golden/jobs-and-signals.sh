sleep 100 &
jobs
kill %1
wait
jobs
sleep 100
^Z
jobs
bg
jobs
fg
^C
echo $?
sleep 100 &
kill -STOP %1
jobs
kill -CONT %1
kill -KILL %1
wait %1
echo $?
