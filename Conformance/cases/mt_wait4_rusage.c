// syscalls: wait4 getrusage clone kill exit_group
// expect: same
/* wait4 fills rusage with sane values; exit status encoding of exits, signal deaths and the
 * high bits of the exit code; waitpid(-1) reaps a set of zombies one by one; getrusage
 * RUSAGE_CHILDREN grows after reaping a busy child. */
#include "common.h"
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

int main(void) {
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        volatile double x = 0;
        for (long i = 0; i < 30000000; i++) x += i;
        _exit(0);
    }
    int st;
    struct rusage ru;
    memset(&ru, 0xff, sizeof ru);
    pid_t r = wait4(c, &st, 0, &ru);
    printf("wait4: %s, exit %d\n", r == c ? "child" : errname(errno), WEXITSTATUS(st));
    FACT("utime non-negative", ru.ru_utime.tv_sec >= 0 && ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000);
    FACT("stime non-negative", ru.ru_stime.tv_sec >= 0 && ru.ru_stime.tv_usec >= 0 && ru.ru_stime.tv_usec < 1000000);
    FACT("busy child used some user time", ru.ru_utime.tv_sec > 0 || ru.ru_utime.tv_usec > 0);
    FACT("maxrss positive", ru.ru_maxrss > 0);
    struct rusage self;
    MUST(getrusage(RUSAGE_CHILDREN, &self));
    FACT("RUSAGE_CHILDREN counts it", self.ru_utime.tv_sec > 0 || self.ru_utime.tv_usec > 0);
    REPORT("getrusage bad who", getrusage(42, &self));

    /* status encodings */
    int codes[] = { 0, 1, 127, 128, 255, 256, 257, -1 };
    for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        c = fork();
        MUST(c);
        if (c == 0) _exit(codes[i]);
        MUST(waitpid(c, &st, 0));
        printf("_exit(%d): raw 0x%04x WIFEXITED %d WEXITSTATUS %d\n", codes[i], st, WIFEXITED(st), WEXITSTATUS(st));
    }
    int sigs[] = { SIGTERM, SIGKILL, SIGINT, SIGSEGV };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        c = fork();
        MUST(c);
        if (c == 0) {
            if (sigs[i] == SIGSEGV) { struct rlimit rl = { 0, 0 }; setrlimit(RLIMIT_CORE, &rl); *(volatile int *)0 = 1; }
            for (;;) pause();
        }
        if (sigs[i] != SIGSEGV) MUST(kill(c, sigs[i]));
        MUST(waitpid(c, &st, 0));
        printf("%s: raw 0x%04x WIFSIGNALED %d WTERMSIG %s core %d\n", sigabbrev_np(sigs[i]), st,
               WIFSIGNALED(st), sigabbrev_np(WTERMSIG(st)), WCOREDUMP(st) ? 1 : 0);
    }
    c = fork();
    MUST(c);
    if (c == 0) for (;;) pause();
    MUST(kill(c, SIGSTOP));
    MUST(waitpid(c, &st, WUNTRACED));
    printf("stopped: raw 0x%04x WIFSTOPPED %d WSTOPSIG %s\n", st, WIFSTOPPED(st), sigabbrev_np(WSTOPSIG(st)));
    MUST(kill(c, SIGCONT));
    MUST(waitpid(c, &st, WCONTINUED));
    printf("continued: raw 0x%04x WIFCONTINUED %d\n", st, WIFCONTINUED(st));
    kill(c, SIGKILL);
    waitpid(c, &st, 0);

    /* zombies reaped by waitpid(-1) */
    pid_t kids[6];
    int exits = 0;
    for (int i = 0; i < 6; i++) {
        kids[i] = fork();
        MUST(kids[i]);
        if (kids[i] == 0) _exit(10 + i);
    }
    usleep(100000);
    int reaped = 0, sum = 0;
    while ((r = waitpid(-1, &st, 0)) > 0) {
        for (int i = 0; i < 6; i++) if (kids[i] == r) exits |= 1 << i;
        reaped++;
        sum += WEXITSTATUS(st);
    }
    printf("waitpid(-1) reaped %d, exit codes sum %d, all known: %s, then %s\n", reaped, sum,
           exits == 0x3f ? "yes" : "no", errname(errno));
    REPORT("wait4 with NULL status and rusage, no children", wait4(-1, NULL, 0, NULL));
    return 0;
}
