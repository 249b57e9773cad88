// syscalls: execve fcntl dup3 openat rt_sigaction rt_sigprocmask sigaltstack wait4 clone pipe2
// expect: same
/* What survives execve: O_CLOEXEC fds close, others stay (with their offset and flags),
 * F_SETFD changes apply, dup3(O_CLOEXEC) copies close; caught signals reset to SIG_DFL,
 * ignored stay ignored, the blocked mask and pending signals survive, the alternate stack does
 * not; umask and cwd survive. */
#include "fs2_util.h"
#include <signal.h>

static void h(int s) { (void)s; }

static void child_report(void) {
    int fds[] = { 10, 11, 12, 13, 14, 15, 16 };
    for (int i = 0; i < 7; i++) {
        int fl = fcntl(fds[i], F_GETFD);
        if (fl < 0) printf("  fd %d: %s\n", fds[i], errname(errno));
        else printf("  fd %d: open, cloexec %s, offset %ld, status %s\n", fds[i], fl & FD_CLOEXEC ? "yes" : "no",
                    (long)lseek(fds[i], 0, SEEK_CUR), (fcntl(fds[i], F_GETFL) & O_APPEND) ? "append" : "plain");
    }
    const int sigs[] = { SIGUSR1, SIGUSR2, SIGTERM, SIGINT, SIGCHLD, SIGPIPE, SIGHUP };
    const char *names[] = { "USR1", "USR2", "TERM", "INT", "CHLD", "PIPE", "HUP" };
    for (int i = 0; i < 7; i++) {
        struct sigaction sa;
        sigaction(sigs[i], NULL, &sa);
        printf("  SIG%s: %s\n", names[i], sa.sa_handler == SIG_DFL ? "default" : sa.sa_handler == SIG_IGN ? "ignored" : "handler?");
    }
    sigset_t cur, pend;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    sigpending(&pend);
    printf("  blocked: USR2 %s, HUP %s; pending: HUP %s\n", sigismember(&cur, SIGUSR2) ? "yes" : "no",
           sigismember(&cur, SIGHUP) ? "yes" : "no", sigismember(&pend, SIGHUP) ? "yes" : "no");
    stack_t ss;
    sigaltstack(NULL, &ss);
    printf("  altstack: %s\n", ss.ss_flags & SS_DISABLE ? "disabled" : "enabled");
    mode_t m = umask(0);
    umask(m);
    printf("  umask: %03o\n", m);
    char cwd[256];
    printf("  cwd is /tmp-ish scratch: %s\n", getcwd(cwd, sizeof cwd) && strstr(cwd, "/conf-fs2-execst-") ? "yes" : "no");
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "after")) {
        printf("after exec:\n");
        child_report();
        return 0;
    }
    enter_scratch("fs2-execst");
    put("f", "0123456789");
    int a = open("f", O_RDONLY);
    MUST(dup2(a, 10)); close(a);
    MUST(lseek(10, 3, SEEK_SET));
    a = open("f", O_RDONLY);
    MUST(fcntl(a, F_DUPFD_CLOEXEC, 11) == 11 ? 0 : -1); close(a);
    a = open("f", O_WRONLY | O_APPEND);
    MUST(dup2(a, 12));
    MUST(dup3(a, 13, O_CLOEXEC)); close(a);
    a = open("f", O_RDONLY | O_CLOEXEC);
    MUST(dup2(a, 14)); close(a); /* dup2 clears cloexec */
    a = open("f", O_RDONLY);
    MUST(dup2(a, 15)); close(a);
    MUST(fcntl(15, F_SETFD, FD_CLOEXEC));
    MUST(fcntl(12, F_DUPFD_CLOEXEC, 16) == 16 ? 0 : -1);
    struct sigaction sa = { 0 };
    sa.sa_handler = h;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGUSR2, &sa, NULL);
    sigaction(SIGPIPE, &sa, NULL);
    sa.sa_handler = h;
    sa.sa_flags = SA_ONSTACK | SA_RESTART;
    sigaction(SIGINT, &sa, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigaddset(&set, SIGHUP);
    sigprocmask(SIG_BLOCK, &set, NULL);
    stack_t ss = { .ss_sp = malloc(65536), .ss_size = 65536, .ss_flags = 0 };
    MUST(sigaltstack(&ss, NULL));
    umask(027);
    printf("before exec:\n");
    child_report();
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        struct sigaction ign = { 0 };
        ign.sa_handler = SIG_IGN;
        sigaction(SIGCHLD, &ign, NULL);
        raise(SIGHUP); /* blocked: stays pending across exec (fork cleared the parent's) */
        char *av[] = { argv[0], "after", NULL };
        execv("/proc/self/exe", av);
        printf("exec: %s\n", errname(errno));
        _exit(1);
    }
    reap("child", pid);
    leave_scratch();
    return 0;
}
