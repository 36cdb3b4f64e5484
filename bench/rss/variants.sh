#!/usr/bin/env bash
# Native havrrpd's memory, variant against variant (docs/performance.md "RSS, second pass"): each executable runs
# 255 v2 master instances in a network namespace of its own, all at once so that they share the machine's load,
# and /proc/PID/smaps is summed by mapping kind after SECONDS seconds.
#   bench/rss/variants.sh [--seconds 60] [--instances 255] NAME=/path/to/havrrpd[:ENV=VALUE,...] ...
# Root (network namespaces). Every namespace it makes is named rss-<pid>-<n> and removed at the end.
set -euo pipefail
seconds=60 instances=255
while [[ "${1:-}" == --* ]]; do
    case "$1" in
        --seconds) seconds=$2; shift 2 ;;
        --instances) instances=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" -eq 0 ] || { echo "run as root" >&2; exit 2; }
work=$(mktemp -d /tmp/rss-variants.XXXXXX)
namespaces=() pids=() names=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    # A graceful stop logs the GC's figures (EventId 95); 255 instances take a few seconds to resign.
    for _ in $(seq 1 30); do
        alive=0
        for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ "$alive" -eq 0 ] && break
        sleep 1
    done
    for i in "${!pids[@]}"; do echo "${names[$i]}: $(grep -h -i 'collections' "$work/${names[$i]}.log" | tail -1)"; done
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    for ns in "${namespaces[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

config="$work/keepalived.conf"
{
    printf 'global_defs {\n    router_id rss\n    vrrp_version 2\n}\n'
    for n in $(seq 1 "$instances"); do
        printf 'vrrp_instance VI_%d {\n    interface eth0\n    virtual_router_id %d\n    priority 100\n    advert_int 1\n' "$n" "$n"
        printf '    virtual_ipaddress {\n        172.31.%d.%d/32\n    }\n}\n' $((n / 256)) $((n % 256))
    done
} > "$config"

for spec in "$@"; do
    name=${spec%%=*} rest=${spec#*=}
    exe=${rest%%:*} environment=()
    [[ "$rest" == *:* ]] && IFS=, read -ra environment <<< "${rest#*:}"
    ns="rss-$$-${#namespaces[@]}"
    ip netns add "$ns"; namespaces+=("$ns")
    ip -n "$ns" link set lo up
    ip -n "$ns" link add eth0 type veth peer name peer0
    ip -n "$ns" link set peer0 up
    ip -n "$ns" addr add 10.99.0.1/24 dev eth0
    ip -n "$ns" link set eth0 up
    setsid ip netns exec "$ns" env "${environment[@]}" "$exe" --config "$config" --socket "$work/$name.sock" \
        > "$work/$name.log" 2>&1 &
    pids+=($!) names+=("$name")
done

sleep "$seconds"
printf '| variant | RSS MiB | anon | file | exe code (r-xp) | exe read-only | exe rw | .hydrated | other anon (GC, stacks, malloc) | shared libraries | threads |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for i in "${!pids[@]}"; do
    pid=${pids[$i]}
    # setsid ip netns exec execs into the daemon: the pid is the daemon's. NativeAOT's .hydrated section is the
    # anonymous mapping right after the executable's own (the segment's NOBITS tail).
    awk -v name="${names[$i]}" -v threads="$(awk '/^Threads/ {print $2}' "/proc/$pid/status")" '
        /^[0-9a-f]+-[0-9a-f]+ / { perms = $2; path = $6; hydrated = (path == "" && exe); exe = (path ~ /havrrpd$/); lib = (path ~ /\.so/); next }
        /^Rss:/ { rss += $2
                  if (exe && perms ~ /x/) code += $2
                  else if (exe && perms == "r--p") ro += $2
                  else if (exe) rw += $2
                  else if (hydrated) hyd += $2
                  else if (lib) libs += $2
                  else other += $2 }
        /^Anonymous:/ { anon += $2 }
        END { printf "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %d |\n", name, rss/1024, anon/1024,
              (rss-anon)/1024, code/1024, ro/1024, rw/1024, hyd/1024, (other-0)/1024, libs/1024, threads }' "/proc/$pid/smaps"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in "${!pids[@]}"; do
    echo "${names[$i]} threads: $(tr " " _ < <(cat /proc/${pids[$i]}/task/*/comm) | sort | uniq -c | awk '{printf "%s×%d ", $2, $1}')"
done
[ -n "${KEEP_SMAPS:-}" ] && for i in "${!pids[@]}"; do cp "/proc/${pids[$i]}/smaps" "$KEEP_SMAPS/${names[$i]}.smaps"; done
true
