grep -E '^Sig(Ign|Cgt)' /proc/$$/status
trap 'echo caught TERM' TERM
grep -E '^Sig(Ign|Cgt)' /proc/$$/status
kill -TERM $$
trap - TERM
grep -E '^Sig(Ign|Cgt)' /proc/$$/status
trap '' USR2
grep SigIgn /proc/$$/status
bash -c 'grep -E "^Sig(Ign|Cgt)" /proc/$$/status'
