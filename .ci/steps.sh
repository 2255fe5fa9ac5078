# CI's step machinery, sourced by .ci/run (and by test/ci-steps.test.ts, which runs it on made-up
# steps): headed steps with time limits, wall and CPU seconds per step, lanes of steps side by side,
# suites announced as not present, and the summary printed on exit. Expects `set -euo pipefail`.

CI_STARTED=$SECONDS
SUMMARY=()
CURRENT_STEP=""

# CPU seconds (user + system) of the finished processes a step started, read with the `times` builtin
# (its second line: this shell's waited-for children and theirs). Wall seconds alone say little on a
# shared machine; CPU does not grow with the load. Servers that detach (PostgreSQL) are not counted.
CPU_FILE=$(mktemp "${TMPDIR:-/tmp}/ci-cpu.XXXXXX")
CHILDREN_CPU_MS=0
# seconds_to_ms VALUE: `times` prints minutes and seconds ("1m2.345s"); sets MS.
seconds_to_ms() {
  local minutes seconds fraction
  [[ $1 =~ ^([0-9]+)m([0-9]+)[.,]?([0-9]*)s$ ]] || { MS=0; return 0; }
  minutes=${BASH_REMATCH[1]} seconds=${BASH_REMATCH[2]} fraction="${BASH_REMATCH[3]}000"
  MS=$((10#$minutes * 60000 + 10#$seconds * 1000 + 10#${fraction:0:3}))
}
# children_cpu: sets CHILDREN_CPU_MS. `times` runs in this shell (a command substitution would fork
# and see no children), so its output goes through a file of this shell's own.
children_cpu() {
  local file="$CPU_FILE.$BASHPID" user system total=0
  times >"$file"
  { read -r _ _ && read -r user system; } <"$file"
  rm -f "$file"
  seconds_to_ms "$user" && total=$MS
  seconds_to_ms "$system" && total=$((total + MS))
  CHILDREN_CPU_MS=$total
}
# cpu_since MS: the CPU seconds used since CHILDREN_CPU_MS was MS, as text ("123.4").
cpu_since() {
  children_cpu
  local tenths=$(((CHILDREN_CPU_MS - $1 + 50) / 100))
  CPU_TEXT="$((tenths / 10)).$((tenths % 10))"
}
STEP_STARTED=$SECONDS
STEP_CPU_STARTED=0
# failed_step STATUS: the summary line of the step that failed (or timed out), with its seconds so far.
failed_step() {
  cpu_since "$STEP_CPU_STARTED"
  SUMMARY+=("FAILED   $CURRENT_STEP (exit $1; $((SECONDS - STEP_STARTED)) s, CPU ${CPU_TEXT} s)")
}

print_summary() {
  echo
  cpu_since 0
  echo "==================== CI summary ($((SECONDS - CI_STARTED)) s, CPU ${CPU_TEXT} s) ===================="
  local line
  for line in "${SUMMARY[@]}"; do echo "  $line"; done
  echo "======================================================================"
}

on_exit() {
  local status=$?
  if [[ $status -ne 0 && -n "$CURRENT_STEP" ]]; then
    failed_step "$status"
  fi
  print_summary
  rm -f "$CPU_FILE" "$CPU_FILE".*
  if [[ $status -eq 0 ]]; then echo "CI passed"; else echo "CI FAILED"; fi
}
trap on_exit EXIT

# The whole run must finish within this budget; each step is also capped, so a hang fails CI.
CI_BUDGET_SECONDS=${CI_BUDGET_SECONDS:-2400}

# step NAME LIMIT_SECONDS COMMAND...: a headed group; a failure or a timeout fails CI at once.
step() {
  local name=$1 limit=$2
  shift 2
  CURRENT_STEP=$name
  STEP_STARTED=$SECONDS
  children_cpu
  STEP_CPU_STARTED=$CHILDREN_CPU_MS
  local remaining=$((CI_BUDGET_SECONDS - (SECONDS - CI_STARTED)))
  if ((remaining <= 0)); then
    echo "CI budget of ${CI_BUDGET_SECONDS} s used up before: $name" >&2
    return 1
  fi
  ((limit < remaining)) || limit=$remaining
  echo
  echo "::group::$name"
  echo "==> $name: $* (time limit ${limit} s)"
  if [[ $(type -t "$1") == function ]]; then
    "$@"
  else
    local status=0
    timeout --kill-after=30 "$limit" "$@" || status=$?
    if ((status == 124)); then echo "$name timed out after ${limit} s" >&2; fi
    ((status == 0)) || return "$status"
  fi
  echo "::endgroup::"
  cpu_since "$STEP_CPU_STARTED"
  SUMMARY+=("passed   $name ($((SECONDS - STEP_STARTED)) s, CPU ${CPU_TEXT} s)")
  CURRENT_STEP=""
}

# not_present NAME REASON: a suite that does not exist yet, announced loudly and listed in the summary.
not_present() {
  echo
  echo "!!!!!!!!!! NOT RUN: $1 — $2 !!!!!!!!!!"
  SUMMARY+=("NOT RUN  $1 ($2)")
}

# Lanes: groups of steps that run beside each other, for suites that leave a core idle (one file at a
# time, waiting on Chromium, a PostgreSQL server or the disk). A lane runs its steps in order in a
# subshell with its output in a file of its own; join_lanes waits for every lane, then prints each
# lane's output whole (no interleaving) and adds its summary lines. A failed step fails its lane and,
# once every lane has finished, CI.
LANE_NAMES=()
LANE_PIDS=()
LANE_LOGS=()
LANES_STARTED=0
LANES_CPU_STARTED=0

# start_lane NAME FUNCTION: runs FUNCTION (which calls `step`/`not_present`) in the background.
start_lane() {
  local name=$1 run=$2 log
  log=$(mktemp "${TMPDIR:-/tmp}/ci-lane.XXXXXX")
  (
    SUMMARY=()
    CURRENT_STEP=""
    lane_exit() {
      local status=$?
      if [[ $status -ne 0 && -n "$CURRENT_STEP" ]]; then failed_step "$status"; fi
      if ((${#SUMMARY[@]})); then printf '%s\n' "${SUMMARY[@]}" >"$log.summary"; fi
    }
    trap lane_exit EXIT
    "$run"
  ) >"$log" 2>&1 &
  if ((${#LANE_PIDS[@]} == 0)); then
    LANES_STARTED=$SECONDS
    children_cpu
    LANES_CPU_STARTED=$CHILDREN_CPU_MS
  fi
  LANE_NAMES+=("$name")
  LANE_PIDS+=($!)
  LANE_LOGS+=("$log")
  echo "started lane: $name (its output is printed when every lane has finished)"
}

join_lanes() {
  local i status failed=0 line names
  for i in "${!LANE_PIDS[@]}"; do
    status=0
    wait "${LANE_PIDS[$i]}" || status=$?
    echo
    echo "---------- lane: ${LANE_NAMES[$i]} (exit $status) ----------"
    cat "${LANE_LOGS[$i]}"
    if [[ -f "${LANE_LOGS[$i]}.summary" ]]; then
      while IFS= read -r line; do SUMMARY+=("$line"); done <"${LANE_LOGS[$i]}.summary"
    fi
    if ((status != 0)); then
      [[ -f "${LANE_LOGS[$i]}.summary" ]] || SUMMARY+=("FAILED   lane ${LANE_NAMES[$i]} (exit $status)")
      failed=$status
    fi
    rm -f "${LANE_LOGS[$i]}" "${LANE_LOGS[$i]}.summary"
  done
  names=$(printf ' | %s' "${LANE_NAMES[@]}")
  cpu_since "$LANES_CPU_STARTED"
  SUMMARY+=("(lanes   ${names:3}: side by side, $((SECONDS - LANES_STARTED)) s in all, CPU ${CPU_TEXT} s)")
  LANE_NAMES=()
  LANE_PIDS=()
  LANE_LOGS=()
  return "$failed"
}
