echo "$PROMPT_COMMAND"
PROMPT_COMMAND='x=$?; echo pc:$x; true'
false
echo "st=$?"
PROMPT_COMMAND=("echo a" "echo b:\$?")
false
PROMPT_COMMAND="nosuchcmd"
true
PROMPT_COMMAND="echo )"
true
unset PROMPT_COMMAND
echo done
false | true
echo ${PIPESTATUS[@]}
