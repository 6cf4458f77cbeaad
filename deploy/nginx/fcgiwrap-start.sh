#!/bin/sh
# Starts fcgiwrap on a unix socket for nginx, as www-data, with N workers (default 4: fcgiwrap's default of 1
# serialises every request, so one send waiting on Vonage would hold up every webhook).
# Usage: fcgiwrap-start.sh SOCKET PIDFILE [WORKERS]
set -eu
socket=$1; pidfile=$2; workers=${3:-4}
spawn-fcgi -s "$socket" -M 0660 -u www-data -g www-data -U www-data -G www-data -P "$pidfile" \
    -- /usr/sbin/fcgiwrap -c "$workers" -f
