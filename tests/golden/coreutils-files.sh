mkdir -p w/a/b/c && cd w
mkdir a; echo $?
mkdir x y; ls
rmdir x; rmdir a; echo $?
touch f1 && echo data > f2
cp f2 f3 && cat f3
cp -r a a2 && ls -R a2
cp a f4
mv f3 moved && ls
mv moved a/b/ && ls a/b
ln -s f2 sl && ls -l sl
readlink sl; readlink -f sl
ln f2 hard; stat -c '%n %h %s %F %a %U:%G' f2 hard sl y
stat -L -c '%F' sl
stat f2 | head -2 | cut -c1-30
rm f1 && ls
rm a; echo $?
rm -r a2; rm -rf a nosuch; ls
rm nosuch
rm -i f2 </dev/null; ls f2
cp nosuch z
mv nosuch z
touch -d '2020-01-02 03:04:05' old; ls -l old
cd && rm -rf w && pwd
