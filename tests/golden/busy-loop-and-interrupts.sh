while true; do :; done
^C
echo $?
sleep 100
^C
echo $?
sleep 100
^\
echo $?
cat
hello
^D
echo $?
read -p 'name? ' n
^C
echo "[$n] $?"
