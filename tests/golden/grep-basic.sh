printf 'Alpha one\nbeta two\nGAMMA three\nalpha four\n\ndelta 42\n' > words
grep alpha words
grep -i alpha words
grep -v a words
grep -c a words; grep -ci ALPHA words
grep -n -i gamma words
grep -E 'one|two' words; grep -E '^[a-z]+ [0-9]+$' words
grep 'o\{2\}\|t[wh]' words
grep -q beta words; echo $?; grep -q zzz words; echo $?
grep zzz words; echo $?
grep alpha nosuch; echo $?
grep -s alpha nosuch; echo $?
grep -w one words; grep -x 'beta two' words
grep -o '[0-9]\+' words; grep -ob '[0-9]' words
grep -l alpha words /etc/passwd; grep -h root /etc/passwd words
grep alpha words words
mkdir -p dir/sub && cp words dir/sub/ && grep -r delta dir; grep -rc beta dir
grep root /etc
grep -c '' words; grep -e beta -e delta words
grep -E '{1}x|+y' words; echo $?
grep -A1 beta words; grep -B1 -n delta words
grep '[' words; echo $?
grep -E 'a{1' words; echo $?
grep -P x words; echo $?
grep -Zl alpha words words | cat -v; echo
grep --colour=always -n alpha words words | cat -v
grep -y alpha words
grep
