true; echo $?; false; echo $?
/usr/bin/true --help | head -1; /usr/bin/false --version >/dev/null; echo $?
sleep 0.2; echo $?
sleep 0.1 0.2 &
wait; echo $?
sleep abc
sleep
yes | head -n 3
yes no | head -2
env -i A=1 B=2 env
env -i FOO=bar bash -c 'echo $FOO'
env -u HOME bash -c 'echo ${HOME-unset}'
env | grep -E '^(PATH|USER|SHELL|TERM)=' | sort
env nosuchcmd; echo $?
id; id -u; id -un; id -g; id -G
id nobody
id nosuchuser
whoami
cd /usr/bin && pwd; /bin/pwd; cd /tmp; pwd -P
cd; pwd
