#!/bin/sh
# A replica: its page names it, then busybox httpd serves it on port 80.
printf 'web-cluster replica %s\n' "${REPLICA:-?}" > /www/index.html
exec httpd -f -p 80 -h /www
