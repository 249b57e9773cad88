#!/usr/bin/env bash
# Runs the guest-side syscall fuzzer (Tests/Fuzz/syscall_fuzz.c) in a sandbox and checks that the
# supervisor survived it (Docs/fuzzing.md).
#
#   scripts/fuzz.sh [SECONDS] [SEED]        (defaults: 60 s, a seed from the clock)
#
# Environment: SAFEHOUSE_BIN (a built binary; otherwise `swift build` is run), FUZZ_ARGS (more
# fuzzer flags, e.g. "-j 4 -F"), FUZZ_EVENTS=1 (keep the event stream; it is large), FUZZ_KEEP=1
# (keep the work directory).
#
# Fails (exit 1) when the supervisor crashed or stopped answering, a batch hung, or the probe file
# outside the zones — given to the guest as its stdin, so every descriptor attack can reach it —
# changed.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-60}
SEED=${2:-$(date +%s)}

if [ -z "${SAFEHOUSE_BIN:-}" ]; then
    swift build >&2
    SAFEHOUSE_BIN=$PWD/.build/debug/safehouse
fi

work=$(mktemp -d /var/tmp/safehouse-fuzz.XXXXXX)
cleanup() { if [ "${FUZZ_KEEP:-}" != 1 ]; then chmod -R u+rwX "$work" 2>/dev/null; rm -rf "$work"; fi; }
trap cleanup EXIT
mkdir -p "$work/bin" "$work/out/secret" "$work/out/ro"
# The guest runs as an unprivileged host identity: it must be able to reach the zones.
chmod 0755 "$work"
chmod 0777 "$work/out" "$work/out/secret" "$work/out/ro"
gcc -O1 -Wall -o "$work/bin/syscall_fuzz" Tests/Fuzz/syscall_fuzz.c -lpthread

# The probe: outside every zone, reachable only as the guest's stdin.
probe=$work/probe
head -c 4096 /dev/urandom > "$probe"
chmod 0640 "$probe"
touch -d '2001-02-03 04:05:06' "$probe"
setfattr -n user.probe -v kept "$probe" 2>/dev/null || true
fingerprint() { stat -c '%s %a %u %g %i %Y %Z' "$probe"; sha256sum < "$probe"; getfattr -d "$probe" 2>/dev/null || true; }
before=$(fingerprint)

# The fuzz policy (Tests/Fuzz/policy.toml, shared with FuzzTests): rules, so the fuzzed calls run
# through the rule checks too, and the hostname the fuzzer insists on.
cp Tests/Fuzz/policy.toml "$work/policy.toml"

events=/dev/null
[ "${FUZZ_EVENTS:-}" = 1 ] && events=$work/events.jsonl
echo "fuzz.sh: ${SECONDS_TO_RUN} s, seed $SEED, work dir $work" >&2
set +e
# shellcheck disable=SC2086
"$SAFEHOUSE_BIN" run --policy "$work/policy.toml" --input "$work/bin:/t" --output "$work/out:/results" \
    --events "$events" --timeout $((SECONDS_TO_RUN + 180)) \
    -- /t/syscall_fuzz -s "$SEED" -t "$SECONDS_TO_RUN" ${FUZZ_ARGS:-} < "$probe" \
    2> >(cat > "$work/stderr") | cat > "$work/stdout"
# Pipes, not files: the fuzzed calls truncate and rewrite whatever the guest's stdout is.
status=${PIPESTATUS[0]}
wait
set -e
cat -v "$work/stdout"
tail -n 50 "$work/stderr" | cat -v >&2

failed=0
case $status in
    0) ;;
    3) echo "fuzz.sh: FAIL: a batch hung (a trapped call was never answered); seed $SEED" >&2; failed=1 ;;
    4) echo "fuzz.sh: FAIL: the supervisor stopped answering; seed $SEED" >&2; failed=1 ;;
    124) echo "fuzz.sh: FAIL: the sandbox timed out (hang); seed $SEED" >&2; failed=1 ;;
    125) echo "fuzz.sh: FAIL: the sandbox itself failed; seed $SEED" >&2; failed=1 ;;
    *) echo "fuzz.sh: FAIL: exit status $status (a supervisor crash, or the fuzzer killed); seed $SEED" >&2; failed=1 ;;
esac
if grep -q -e 'Fatal error' -e 'Program crashed' "$work/stderr"; then
    echo "fuzz.sh: FAIL: the supervisor crashed; seed $SEED" >&2
    failed=1
fi
after=$(fingerprint)
if [ "$before" != "$after" ]; then
    echo "fuzz.sh: FAIL: the probe outside the zones changed:" >&2
    diff <(echo "$before") <(echo "$after") >&2 || true
    failed=1
fi
if [ "$failed" = 1 ]; then
    FUZZ_KEEP=1
    echo "fuzz.sh: kept $work (stdout, stderr, policy.toml)" >&2
    exit 1
fi
echo "fuzz.sh: ok: the supervisor stayed up, the probe is unchanged (seed $SEED)" >&2
