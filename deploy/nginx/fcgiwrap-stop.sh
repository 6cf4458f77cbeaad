#!/bin/sh
# Stops fcgiwrap started by fcgiwrap-start.sh. spawn-fcgi setsid()s the child, so its pid is the process group:
# killing the group also stops the -c workers (killing the parent alone leaves them serving).
# Usage: fcgiwrap-stop.sh SOCKET PIDFILE
set -u
socket=$1; pidfile=$2
[ -f "$pidfile" ] && kill -TERM -"$(cat "$pidfile")" 2>/dev/null
rm -f "$socket" "$pidfile"
