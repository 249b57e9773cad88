// syscalls: flock openat fcntl dup clone vfork wait4 execve clock_nanosleep timer_create timer_settime newfstatat
// expect: same
/* flock(1) between processes (uid 1000): a holder takes an exclusive lock and waits for a
 * go-file; meanwhile -n fails (status 1, and -E 7 chooses the status), -w 0.2 times out, a shared
 * request fails, and a blocking waiter started before the go-file only enters after the holder
 * leaves (the log order is fixed by the lock, not by timing). Then two shared holders at once,
 * an exclusive -n against them, -u through a descriptor (flock 9 / flock -u 9), locks on a
 * directory and on a file opened read-only, a lock inherited by a child (released only when
 * both close), and 20 processes incrementing a counter under the lock (always 20). */
#include "tool_util.h"

/* waits for a file to appear */
#define WAITFOR(f) "while [ ! -e " f " ]; do sleep 0.01; done; "

int main(void) {
    enter("flock");
    sh("exclusive holder, refused and waiting contenders",
       ": > lock; : > log\n"
       "flock lock sh -c 'echo A in >> log; : > a-has; " WAITFOR("go") "echo A out >> log' & a=$!\n"
       WAITFOR("a-has") "\n"
       "flock -n lock true; echo '-n status' $?\n"
       "flock -n -E 7 lock true; echo '-n -E 7 status' $?\n"
       "flock -w 0.2 lock true; echo '-w 0.2 status' $?\n"
       "flock -s -n lock true; echo 'shared -n status' $?\n"
       "flock lock sh -c 'echo B in >> log' & b=$!\n"
       "sleep 0.2; : > go; wait $a; echo A status $?; wait $b; echo B status $?; cat log");
    sh("two shared holders at once",
       "rm -f go; : > log\n"
       "flock -s lock sh -c ': > s1; " WAITFOR("go") "' & s1=$!\n"
       "flock -s lock sh -c ': > s2; " WAITFOR("go") "' & s2=$!\n"
       WAITFOR("s1") WAITFOR("s2") "echo both shared holders in\n"
       "flock -x -n lock true; echo 'exclusive -n status' $?\n"
       "flock -s -n lock true; echo 'third shared -n status' $?\n"
       ": > go; wait $s1 $s2; flock -x -n lock true; echo 'exclusive after status' $?");
    sh("lock and unlock through a descriptor",
       "exec 9>lock; flock 9 && echo locked; flock -n lock true; echo 'other status' $?; "
       "flock -u 9; flock -n lock true; echo 'after -u status' $?; exec 9>&-");
    sh("a directory and a read-only open can be locked",
       "mkdir d; flock -n d true; echo dir status $?; chmod 444 lock; exec 8<lock; flock -n 8; echo ro status $?; "
       "flock -n lock true; echo 'other status' $?; exec 8<&-; chmod 644 lock");
    sh("a lock shared with a child lasts until both close",
       "rm -f go; exec 9>lock; flock 9; ( " WAITFOR("go") ") & c=$!; exec 9>&-; "
       "flock -n lock true; echo 'parent closed, child holds: status' $?; : > go; wait $c; "
       "flock -n lock true; echo 'both closed: status' $?");
    sh("20 processes increment a counter under the lock",
       "echo 0 > counter; i=0; while [ $i -lt 20 ]; do "
       "flock lock sh -c 'n=$(cat counter); n=$((n+1)); echo $n > counter' & i=$((i+1)); done; wait; cat counter");
    sh("-c and exit statuses", "flock lock -c 'exit 5'; echo status $?; flock lock /no/such; echo status $?; "
       "flock nodir/lock true; echo status $?");
    leave();
    return 0;
}
