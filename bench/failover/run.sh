#!/usr/bin/env bash
# Failover and load figures of real VRRP daemons in throwaway network namespaces (root, Linux).
#   bench/failover/run.sh failover --impl keepalived --repetitions 5          # both profiles, both scenarios
#   bench/failover/run.sh failover --impl keepalived,havrrpd --profile v3     # mixed pair: keepalived master
#   bench/failover/run.sh failover --impl havrrpd/keepalived --vmac both      # side by side, with and without use_vmac
#   bench/failover/run.sh load --impl havrrpd/havrrpd-jit/keepalived --instances 255 --seconds 30
#   bench/failover/run.sh startup --impl havrrpd/keepalived --instances 255 --repetitions 5   # start to first advert
#   bench/failover/run.sh fastadverts --impl havrrpd/keepalived --seconds 600   # v3 0.02 s under CPU hogs
#   bench/failover/run.sh switchover --repetitions 5     # havrrpd stepDown vs keepalived priority edit + SIGHUP
#   bench/failover/run.sh control --instances 255 --clients 100 --seconds 20
#   bench/failover/run.sh watch --rate 25000 --seconds 15
#   bench/failover/run.sh processes --forks 1000 --seconds 60   # track_process: connector vs /proc scan
# Prints markdown tables on stdout, one line per repetition on stderr. Every lab is removed at the
# end, and labs left by a killed run are swept by the next one.
# havrrpd is the Native AOT executable operators install, published here unless HAVRRPD names another one;
# `--impl havrrpd-jit` runs `dotnet havrrpd.dll` (the JIT build) beside it for comparison.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "$(id -u)" -ne 0 ]; then
    echo "run.sh builds network namespaces: run it as root" >&2
    exit 2
fi

dotnet build bench/HaVrrp.FailoverBench -c Release -v quiet -nologo >&2
if [ -z "${HAVRRPD:-}" ]; then
    native=bench/HaVrrp.FailoverBench/bin/Release/havrrpd-native
    # The product: the Native AOT havrrpd (PublishAot is the service's default publish).
    dotnet publish src/HaVrrp.Service -c Release -r linux-x64 \
        -v quiet -nologo -o "$native" >&2
    export HAVRRPD="$PWD/$native/havrrpd"
fi
exec dotnet bench/HaVrrp.FailoverBench/bin/Release/net10.0/HaVrrp.FailoverBench.dll "$@"
