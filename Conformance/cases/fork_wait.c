// syscalls: clone wait4 waitid kill execve exit_group
// expect: same
#include "common.h"
#include <signal.h>
#include <sys/wait.h>

static void show(const char *label, int st) {
    if (WIFEXITED(st)) printf("%s: exited %d\n", label, WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) printf("%s: signaled %s\n", label, sigabbrev_np(WTERMSIG(st)));
    else printf("%s: other 0x%x\n", label, st);
}

static void exit_with(int code) {
    pid_t c = fork();
    MUST(c);
    if (c == 0) _exit(code);
    int st;
    MUST(waitpid(c, &st, 0));
    char label[32];
    snprintf(label, sizeof label, "exit %d", code);
    show(label, st);
}

static void killed_by(int sig) {
    pid_t c = fork();
    MUST(c);
    if (c == 0) { for (;;) pause(); }
    MUST(kill(c, sig));
    int st;
    MUST(waitpid(c, &st, 0));
    char label[32];
    snprintf(label, sizeof label, "kill %s", sigabbrev_np(sig));
    show(label, st);
}

int main(void) {
    exit_with(0);
    exit_with(3);
    exit_with(255);
    killed_by(SIGKILL);
    killed_by(SIGTERM);
    killed_by(SIGUSR1);

    pid_t c = fork();
    MUST(c);
    if (c == 0) { raise(SIGABRT); _exit(1); }
    int st;
    MUST(waitpid(c, &st, 0));
    show("raise SIGABRT", st & ~0x80); /* drop the core-dump bit: core limits differ */

    c = fork();
    MUST(c);
    if (c == 0) {
        execl("/bin/sh", "sh", "-c", "exit 7", (char *)NULL);
        _exit(98);
    }
    MUST(waitpid(c, &st, 0));
    show("execve sh exit 7", st);

    c = fork();
    MUST(c);
    if (c == 0) {
        execl("/nonexistent/program", "x", (char *)NULL);
        _exit(errno == ENOENT ? 40 : 41);
    }
    MUST(waitpid(c, &st, 0));
    show("execve missing (40 = ENOENT)", st);

    c = fork();
    MUST(c);
    if (c == 0) _exit(5);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    MUST(waitid(P_PID, c, &si, WEXITED));
    printf("waitid: code=%s status=%d pid matches=%s\n",
           si.si_code == CLD_EXITED ? "CLD_EXITED" : "other", si.si_status,
           si.si_pid == c ? "yes" : "no");

    REPORT("wait with no children", wait(NULL));
    REPORT("waitpid(WNOHANG) no children", waitpid(-1, NULL, WNOHANG));
    return 0;
}
