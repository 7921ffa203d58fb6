#!/usr/bin/env bash
# A real Slurm on this machine, no mocks (make test-slurm): installs Debian's slurm-wlm and
# munge when missing, starts munged, slurmctld and slurmd for one node on 127.0.0.1 from a
# configuration in a temporary folder, submits a 3-seed sweep of a tiny spec with
# --executor slurm, waits for the aggregate job, and checks that
#   - driftlab status says every member finished,
#   - the aggregate is byte-identical to the same sweep run with --executor local,
#   - a resubmission after a member is lost submits only that member (and the aggregate).
# The daemons it started are stopped on exit, whatever happens. Run as root (the daemons run
# as root: SlurmUser=root).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/driftlab}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
PORT=${SLURM_TEST_PORT:-6817}
SPEC=experiments/golden/ar-states-golden.json

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  echo "installing: slurm-wlm munge"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi

tmp=$(mktemp -d /tmp/driftlab-slurm.XXXXXX)
pids=()
stop() {
  status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$status" -ne 0 ]; then
    echo "--- slurmctld.log (last 20 lines)"; tail -20 "$tmp/slurmctld.log" 2>/dev/null || true
    echo "--- slurmd.log (last 20 lines)"; tail -20 "$tmp/slurmd.log" 2>/dev/null || true
    for f in "$tmp"/slurm-sweep/slurm/logs/*; do [ -f "$f" ] && { echo "--- $f"; tail -5 "$f"; }; done
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap stop EXIT INT TERM

# munge: its own key, socket and files, so a munged of the system (if any) is left alone.
mkdir -p "$tmp/munge" "$tmp/state" "$tmp/spool"
dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chmod 0700 "$tmp/munge"; chmod 0600 "$tmp/munge/munge.key"
munged --foreground --force --key-file="$tmp/munge/munge.key" --socket="$tmp/munge/munge.socket" \
  --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/munge/munged.log" --seed-file="$tmp/munge/munged.seed" >"$tmp/munge/munged.out" 2>&1 &
pids+=($!)

cat > "$tmp/slurm.conf" <<EOF
ClusterName=driftlab-test
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
MinJobAge=600
NodeName=localhost NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$tmp/slurm.conf

for _ in $(seq 50); do [ -S "$tmp/munge/munge.socket" ] && break; sleep 0.1; done
slurmctld -D -i -f "$SLURM_CONF" >"$tmp/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" -N localhost >"$tmp/slurmd.out" 2>&1 &
pids+=($!)
echo "waiting for the node"
for i in $(seq 60); do
  state=$(sinfo -h -n localhost -o %T 2>/dev/null || true)
  [ "$state" = idle ] && break
  [ "$i" = 60 ] && { echo "node not idle after 60 s (state: ${state:-none})"; exit 1; }
  sleep 1
done
echo "node localhost: $state"

# The same 3-member sweep, as Slurm tasks and locally.
sweep=(run "$SPEC" training.epochs=4 --sweep seed=0..2)
wait_for() {  # job id: until it leaves the queue, then its final state must be COMPLETED
  for i in $(seq 180); do
    st=$(scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -1)
    case "$st" in COMPLETED) echo "job $1: COMPLETED"; return 0;; FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) echo "job $1: $st"; return 1;; esac
    [ "$i" = 180 ] && { echo "job $1 not done after 180 s (state ${st:-unknown})"; return 1; }
    sleep 1
  done
}
submit() {
  out=$("$BIN" "${sweep[@]}" --out "$tmp/slurm-sweep" --executor slurm --cpus-per-task 1 --time 00:10:00)
  echo "$out"
  aggregate=$(echo "$out" | sed -n 's/^submitted the aggregate as job \([0-9]*\).*/\1/p')
  [ -n "$aggregate" ] || { echo "no aggregate job id in the output"; exit 1; }
  echo "status right after submission (squeue's view of the tasks):"
  "$BIN" status "$tmp/slurm-sweep" || true
  wait_for "$aggregate"
}
submit
"$BIN" status "$tmp/slurm-sweep"
"$BIN" "${sweep[@]}" --out "$tmp/local-sweep" --quiet
diff -r "$tmp/slurm-sweep/aggregate" "$tmp/local-sweep/aggregate"
echo "aggregate: byte-identical to the local sweep's ($(find "$tmp/local-sweep/aggregate" -type f | wc -l) files)"

# A lost member: the resubmission runs only it, and the aggregate again.
rm -rf "$tmp/slurm-sweep/members/seed-1"
"$BIN" status "$tmp/slurm-sweep" && { echo "status said finished with seed-1 gone"; exit 1; }
submit
grep -q '"members": \["seed-1"\]' "$tmp/slurm-sweep/slurm/jobs.json" || { echo "resubmission was not seed-1 alone:"; cat "$tmp/slurm-sweep/slurm/jobs.json"; exit 1; }
"$BIN" status "$tmp/slurm-sweep"
diff -r "$tmp/slurm-sweep/aggregate" "$tmp/local-sweep/aggregate"
echo "slurm test passed: 3 members as a job array, the aggregate after it, identical to local; resubmission ran only the lost member"
