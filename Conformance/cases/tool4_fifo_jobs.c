// syscalls: mknodat openat read write close pipe2 dup2 fcntl clone wait4 kill rt_sigaction rt_sigsuspend execve newfstatat
// expect: same
/* FIFOs made by mkfifo(1) between background jobs of /bin/sh (uid 1000): a writer and a reader
 * (the reader's open waits for the writer), ping-pong over two FIFOs opened in matching order
 * (50 round trips, replies checked), three concurrent writers of lines under PIPE_BUF (no line
 * torn: counted with sort | uniq -c), EOF when the last writer closes, SIGPIPE (status 141) for
 * a writer whose reader left, a FIFO opened read-write by one process (<>), test -p / stat %F,
 * and wait statuses of background jobs (exit 3, killed by SIGTERM: 143). */
#include "tool_util.h"

int main(void) {
    enter("fifo");
    sh("mkfifo", "mkfifo f1 p2c c2p && mkfifo -m 600 f600 && stat -c '%F %a %n' f1 f600 && [ -p f1 ] && echo is a fifo");
    sh("one writer, one reader", "seq 1 1000 > f1 & wc -l < f1; wait $!; echo writer status $?");
    sh("reader first", "{ sum=0; while read n; do sum=$((sum+n)); done; echo sum $sum; } < f1 & "
       "seq 1 100 > f1; wait $!; echo reader status $?");
    sh("ping-pong over two FIFOs",
       "( exec 5<p2c 6>c2p; while read n <&5; do echo $((n*n)) >&6; done; echo server saw EOF ) & s=$!\n"
       "exec 3>p2c 4<c2p; ok=0; i=1\n"
       "while [ $i -le 50 ]; do echo $i >&3; read r <&4; [ \"$r\" -eq $((i*i)) ] && ok=$((ok+1)); i=$((i+1)); done\n"
       "exec 3>&-; wait $s; echo round trips ok: $ok");
    sh("three writers, lines not torn",
       /* the shell holds a write end until every writer is done, so the reader's EOF waits for all */
       "sed 's/ [0-9]*$//' < f1 > lines & r=$!; exec 3>f1; pids=\n"
       "for w in a b c; do ( exec > f1; i=0; while [ $i -lt 300 ]; do echo \"writer $w line of some length $i\"; i=$((i+1)); done ) & pids=\"$pids $!\"; done\n"
       "wait $pids; exec 3>&-; wait $r; sort lines | uniq -c; echo all done");
    sh("EOF only after the last writer closes",
       "( exec 3>f1; echo first >&3; while [ ! -e w2done ]; do sleep 0.01; done; echo second >&3 ) & "
       "( exec 3>f1; echo third >&3; : > w2done ) & "
       "cat < f1 | sort; wait; echo done");
    sh("writer gets SIGPIPE when the reader leaves", "yes > f1 & head -n 3 < f1; wait $!; echo writer status $?");
    sh("read-write open does not block", "exec 7<>f1; echo through >&7; read x <&7; echo \"$x\"; exec 7>&-");
    sh("background job statuses", "( exit 3 ) & wait $!; echo status $?; sleep 100 & kill $!; wait $!; echo status $?");
    sh("dd skip= on a FIFO reads past the bytes", "exec 7<>f1; dd if=/dev/zero bs=1 count=4 of=/dev/fd/7 status=none; "
       "dd if=/dev/fd/7 bs=1 skip=2 count=1 status=none 2>&1 | od -An -c; exec 7>&-");
    leave();
    return 0;
}
