#!/bin/sh
# The proxy: busybox httpd runs /proxy/cgi-bin/index.cgi for a request of / (the folder has no index.html).
[ -n "$BACKENDS" ] || { echo "proxy: BACKENDS (the replicas' addresses) is empty" >&2; exit 1; }
exec httpd -f -p 80 -h /proxy
