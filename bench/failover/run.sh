#!/usr/bin/env bash
# Failover and load figures of real VRRP daemons in throwaway network namespaces (root, Linux).
#   bench/failover/run.sh failover --impl keepalived --repetitions 5          # both profiles, both scenarios
#   bench/failover/run.sh failover --impl keepalived,havrrpd --profile v3     # mixed pair: keepalived master
#   bench/failover/run.sh failover --impl havrrpd/keepalived --vmac both      # side by side, with and without use_vmac
#   bench/failover/run.sh load --impl keepalived --instances 255 --seconds 30
#   bench/failover/run.sh switchover --repetitions 5     # havrrpd stepDown vs keepalived priority edit + SIGHUP
#   bench/failover/run.sh control --instances 255 --clients 100 --seconds 20
#   bench/failover/run.sh watch --rate 25000 --seconds 15
#   bench/failover/run.sh processes --forks 1000 --seconds 60   # track_process: connector vs /proc scan
# Prints markdown tables on stdout, one line per repetition on stderr. Every lab is removed at the
# end, and labs left by a killed run are swept by the next one.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "$(id -u)" -ne 0 ]; then
    echo "run.sh builds network namespaces: run it as root" >&2
    exit 2
fi

dotnet build bench/HaVrrp.FailoverBench -c Release -v quiet -nologo >&2
exec dotnet bench/HaVrrp.FailoverBench/bin/Release/net10.0/HaVrrp.FailoverBench.dll "$@"
