ls -y; echo $?
ls --nosuch; echo $?
cat -z; cp; cp a; mv x; rm; rmdir; mkdir; touch; ln
head -n x /etc/passwd; tail -n -z f; echo $?
wc -x; sort -j; uniq -j; cut; cut -f; cut -d: /etc/passwd
tr; tr a; seq; seq a; tee -z; xargs -y; echo $?
sleep -1; sleep 1x; env -z; id -z; whoami x; pwd -z; uname -z
readlink; stat; stat -c; echo $?
grep -y; grep --nosuch x; echo $?
printf; /usr/bin/printf; /usr/bin/printf '%d\n' abc; echo $?
echo --help; /usr/bin/echo --version | head -1
cat nosuch /etc/nosuch; echo $?
head nosuch; tail nosuch; wc nosuch; sort nosuch; uniq nosuch; cut -f1 nosuch
cd nosuch; cd /etc/passwd
ls --color=sometimes
hostname -Q; dmesg --nosuch; man -q
stat nosuch; readlink -e nosuch; echo $?
touch /nosuchdir/f; mkdir /nosuchdir/d; rmdir /tmp/nosuch
ln -s x /etc/passwd; mv /nosuch /tmp
cp /etc /tmp/x; rm /etc
