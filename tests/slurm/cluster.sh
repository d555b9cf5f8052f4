#!/bin/sh
# tests/slurm/cluster.sh: a single-node Slurm cluster for the tests, from
# Debian's packages, without systemd.
#
#   sh tests/slurm/cluster.sh start DIR    install if needed, start, wait
#   sh tests/slurm/cluster.sh stop DIR     stop what start started
#   sh tests/slurm/cluster.sh env DIR      print the variables to export
#
# start installs slurm-wlm and munge with apt-get when they are missing
# (as root only), makes a munge key, writes DIR/slurm.conf for this host
# (its real CPU count and memory, two free ports on loopback), starts
# munged, slurmctld and slurmd in the background with their state, logs
# and sockets under DIR, records their pids in DIR/*.pid and waits (at
# most 60 s) for the node to be idle.  Commands then need
# SLURM_CONF=DIR/slurm.conf (the munge socket is named in it): see env.
# stop kills the recorded pids only, waits for them to exit, and never
# touches a daemon it did not start.  Everything runs as root: slurmd
# starts jobs as their user, which only root can do.
#
# Exit status: 0 done; 77 not possible here (not root, no package and no
# way to install one, a daemon that will not start), with the reason on
# stderr; 2 misuse.
set -u

prog=${0##*/}
cannot() {
	echo "$prog: $*" >&2
	exit 77
}

[ $# -eq 2 ] || {
	echo "usage: $prog start|stop|env DIR" >&2
	exit 2
}
cmd=$1
dir=$2

# stop_pid FILE: kill the pid recorded in FILE, wait up to 10 s, then
# SIGKILL; the file goes.
stop_pid() {
	[ -f "$1" ] || return 0
	pid=$(cat "$1")
	case $pid in
	'' | *[!0-9]*)
		rm -f "$1"
		return 0
		;;
	esac
	kill "$pid" 2>/dev/null
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -9 "$pid" 2>/dev/null
	rm -f "$1"
}

case $cmd in
stop)
	# Jobs still queued or running on this cluster (its own, on its own
	# ports) are cancelled first, so that no job step outlives slurmd;
	# then the daemons, in the reverse order of start.
	if [ -f "$dir/slurmctld.pid" ] &&
	    kill -0 "$(cat "$dir/slurmctld.pid")" 2>/dev/null; then
		SLURM_CONF=$dir/slurm.conf scancel -p mfw 2>/dev/null
		i=0
		while [ -n "$(SLURM_CONF=$dir/slurm.conf squeue -h 2>/dev/null)" ] &&
		    [ $i -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
		done
	fi
	stop_pid "$dir/slurmd.pid"
	stop_pid "$dir/slurmctld.pid"
	stop_pid "$dir/munged.pid"
	exit 0
	;;
env)
	echo "SLURM_CONF=$dir/slurm.conf"
	exit 0
	;;
start) ;;
*)
	echo "$prog: unknown command '$cmd' (start, stop or env)" >&2
	exit 2
	;;
esac

[ "$(id -u)" -eq 0 ] || cannot "not root: slurmd and munged need root"
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null ||
    ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
	command -v apt-get >/dev/null || cannot "no slurm-wlm and no apt-get"
	export DEBIAN_FRONTEND=noninteractive
	apt_install() {
		apt-get -o DPkg::Lock::Timeout=900 install -y -qq \
		    --no-install-recommends slurm-wlm munge >"$dir.apt.log" 2>&1
	}
	mkdir -p "$(dirname "$dir")"
	apt_install || { apt-get -o DPkg::Lock::Timeout=900 update -qq \
	    >>"$dir.apt.log" 2>&1 && apt_install; } ||
	    cannot "cannot install slurm-wlm and munge (see $dir.apt.log)"
	# The packages start their daemons through systemd or init scripts
	# where they can; this script uses its own.
fi

mkdir -p "$dir" || exit 2
dir=$(cd "$dir" && pwd)
# munged refuses a key or socket directory others may write to.
mkdir -p "$dir/munge" "$dir/state" "$dir/spool" || exit 2
chmod 700 "$dir" "$dir/munge"
key=$dir/munge/munge.key
sock=$dir/munge/munge.socket
if [ ! -f "$key" ]; then
	dd if=/dev/urandom of="$key" bs=1024 count=1 2>/dev/null ||
	    cannot "cannot make a munge key"
	chmod 400 "$key"
fi

# Two ports free on loopback, from the kernel.
ports=$(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s:
    x.bind(("127.0.0.1", 0))
print(" ".join(str(x.getsockname()[1]) for x in s))
') || cannot "python3 is needed to pick free ports"
cport=${ports% *}
dport=${ports#* }
node=$(hostname -s)
cpus=$(nproc)
mem=$(awk '/^MemTotal:/ { print int($2 / 1024 / 2) }' /proc/meminfo)

cat >"$dir/slurm.conf" <<EOF
# Written by tests/slurm/cluster.sh: one node, this host.
ClusterName=mfwtest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$cport
SlurmdPort=$dport
AuthType=auth/munge
AuthInfo=socket=$sock
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.daemon.pid
SlurmdPidFile=$dir/slurmd.daemon.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=mfw Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF

# munged: --force lets root run it; its pid is that of the foreground
# process, started in the background here.
munged -F --force --socket="$sock" --key-file="$key" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/munged.log" \
    --seed-file="$dir/munge/munged.seed" >"$dir/munged.out" 2>&1 &
echo $! >"$dir/munged.pid"
i=0
while [ ! -S "$sock" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -S "$sock" ] || {
	cat "$dir/munged.out" >&2
	sh "$0" stop "$dir"
	cannot "munged did not start (see $dir/munged.log)"
}

export SLURM_CONF="$dir/slurm.conf"
# -D: in the foreground (of a background job), so that $! is the daemon;
# -i: ignore state left by an earlier cluster in DIR.
slurmctld -D -i -f "$SLURM_CONF" >"$dir/slurmctld.out" 2>&1 &
echo $! >"$dir/slurmctld.pid"
slurmd -D -N "$node" -f "$SLURM_CONF" >"$dir/slurmd.out" 2>&1 &
echo $! >"$dir/slurmd.pid"

# Up when the node is idle.
i=0
while [ $i -lt 600 ]; do
	st=$(sinfo -h -n "$node" -o %t 2>/dev/null)
	[ "$st" = idle ] && exit 0
	for d in slurmctld slurmd; do
		kill -0 "$(cat "$dir/$d.pid")" 2>/dev/null || {
			tail -5 "$dir/$d.out" "$dir/$d.log" >&2 2>/dev/null
			sh "$0" stop "$dir"
			cannot "$d exited (see $dir/$d.log)"
		}
	done
	sleep 0.1
	i=$((i + 1))
done
tail -5 "$dir/slurmctld.log" "$dir/slurmd.log" >&2 2>/dev/null
sh "$0" stop "$dir"
cannot "the node did not become idle in 60 s (state '$st')"
