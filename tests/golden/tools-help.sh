man ls | head -8
man 1 grep | head -4
man nosuchpage; echo $?
man 5 ls; echo $?
man; echo $?
man -f ls grep; man -k '^ls$'
man -x
man --help | head -4
ls --help | head -3
grep --help | head -2
cat --version | head -1
head --help | tail -4
uname --version | head -1
dmesg --help | head -4
hostname --help | head -3
mkfifo --help | head -2
