# supervisor.sh -- sourced by the benchmarks: start a jocker root's supervisor and wait until
# it is warm, or stop it. A supervisor stays JOCKER_SUPERVISOR_IDLE_MILLIS (default 120 s)
# after its last container or command; the launcher hands it commands through its FIFO.

# The benchmarks time containers without a network: on the default bridge, jocker would make a
# bridge, nftables rules and IP forwarding in the host's namespace. network.sh, which measures
# the bridge, sets it again inside a namespace of its own.
export JOCKER_DEFAULT_NETWORK=none

# await_warm_supervisor JOCKER ROOT: one command that starts a supervisor in the background,
# then waits (at most 30 s) for its FIFO and for its spare container init.
await_warm_supervisor() {
  local jocker=$1 root=$2 pid i
  "$jocker" --root "$root" ps -a >/dev/null
  for i in $(seq 1 300); do
    if [ -p "$root/supervisor/cli-1.fifo" ] && pid=$(cat "$root/supervisor/supervisor.pid" 2>/dev/null) &&
      pgrep -P "$pid" -f ContainerInit >/dev/null; then
      sleep 1
      return 0
    fi
    sleep 0.1
  done
  echo "no warm supervisor for $root after 30 s" >&2
  return 1
}

# stop_supervisor ROOT: ends the root's supervisor (and its spare init), if one runs.
stop_supervisor() {
  local root=$1 pid
  pid=$(cat "$root/supervisor/supervisor.pid" 2>/dev/null) || return 0
  case $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) in
    *"--root $root "*supervisor*) kill "$pid" && while [ -d "/proc/$pid" ]; do sleep 0.1; done ;;
  esac
}
