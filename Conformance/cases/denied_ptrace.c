// syscalls: ptrace
// expect: differs natively (PTRACE_TRACEME and reading a child's memory are allowed); the sandbox denies ptrace of anything
// expect-sandbox: ptrace(PTRACE_TRACEME): EPERM
// expect-sandbox: ptrace(PTRACE_ATTACH child): EPERM
#include "common.h"
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

int main(void) {
    /* TRACEME in a child, so the native run's main process stays untraced. */
    pid_t c = fork();
    MUST(c);
    if (c == 0) _exit(ptrace(PTRACE_TRACEME, 0, NULL, NULL) == 0 ? 0 : errno);
    int st;
    MUST(waitpid(c, &st, 0));
    printf("ptrace(PTRACE_TRACEME): %s\n", WEXITSTATUS(st) ? errname(WEXITSTATUS(st)) : "ok");

    c = fork();
    MUST(c);
    if (c == 0) { for (;;) pause(); }
    errno = 0;
    long r = ptrace(PTRACE_ATTACH, c, NULL, NULL);
    printf("ptrace(PTRACE_ATTACH child): %s\n", r == 0 ? "ok" : errname(errno));
    kill(c, SIGKILL);
    waitpid(c, NULL, 0);
    return 0;
}
