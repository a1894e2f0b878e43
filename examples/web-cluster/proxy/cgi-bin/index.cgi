#!/bin/sh
# Round robin: each request goes to the next of $BACKENDS (space-separated addresses); its answer is passed on.
set -- $BACKENDS
next=$(cat /tmp/next 2>/dev/null || echo 0)
echo $(( (next + 1) % $# )) > /tmp/next
shift $(( next % $# ))
if body=$(wget -q -O - "http://$1/"); then
  printf 'Content-Type: text/plain\r\n\r\n%s\n' "$body"
else
  printf 'Status: 502 Bad Gateway\r\nContent-Type: text/plain\r\n\r\nreplica %s did not answer\n' "$1"
fi
