#!/usr/bin/env bash
# Fork load for the track_process figures: forks and execs /bin/true RATE times a second for SECONDS,
# paced by bash's own clock ($EPOCHREALTIME) and a read timeout, so the pacing itself forks nothing.
#   bench/failover/forkload.sh 1000 60
# The rate the host really saw is read by the bench from the "processes" line of /proc/stat.
set -u
rate=${1:?rate per second}
seconds=${2:?seconds}
exec {pause}<> <(:)
start=${EPOCHREALTIME/./}
total=$((rate * seconds))
started=0
while [ "$started" -lt "$total" ]; do
    now=${EPOCHREALTIME/./}
    due=$(( (now - start) * rate / 1000000 ))
    while [ "$started" -lt "$due" ] && [ "$started" -lt "$total" ]; do
        /bin/true
        started=$((started + 1))
    done
    read -t 0.002 -u "$pause" || true
done
