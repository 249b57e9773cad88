// syscalls: execve rt_sigaction rt_sigprocmask sigaltstack umask chdir setrlimit getrlimit setpriority getpriority setpgid wait4 clone
// expect: same
/* Process state across execve: ignored signals stay ignored (SIGCHLD too), handled ones become
 * default, the blocked mask and a pending signal survive, the alternate stack is dropped; umask,
 * cwd (also a removed cwd), rlimits (NOFILE, CORE, FSIZE, NPROC), nice and process group are
 * kept. Default values are printed first. Runs as uid 1000. */
#include "exec_util.h"
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <sys/resource.h>
static void on_usr1(int s) { (void)s; }

static const char *disp(int s) {
    struct sigaction sa;
    if (sigaction(s, NULL, &sa)) return errname(errno);
    return sa.sa_handler == SIG_IGN ? "ignored" : sa.sa_handler == SIG_DFL ? "default" : "handler";
}

/* the new image: the state it inherited */
static int child(void) {
    printf("  SIGINT (ignored before): %s\n", disp(SIGINT));
    printf("  SIGPIPE (ignored before): %s\n", disp(SIGPIPE));
    printf("  SIGUSR1 (handled before): %s\n", disp(SIGUSR1));
    printf("  SIGTERM (handled, SA_RESTART): %s\n", disp(SIGTERM));
    printf("  SIGCHLD (SIG_IGN before): %s\n", disp(SIGCHLD));
    sigset_t m, p;
    sigprocmask(SIG_SETMASK, NULL, &m);
    FACT("  SIGUSR2 blocked", sigismember(&m, SIGUSR2));
    FACT("  SIGHUP blocked", sigismember(&m, SIGHUP));
    sigpending(&p);
    FACT("  SIGUSR2 pending", sigismember(&p, SIGUSR2));
    stack_t ss;
    sigaltstack(NULL, &ss);
    FACT("  alternate signal stack disabled", ss.ss_flags & SS_DISABLE);
    mode_t u = umask(0);
    printf("  umask: %03o\n", u);
    char cwd[512];
    const char *d = getenv("D");
    if (!getcwd(cwd, sizeof cwd)) printf("  cwd: %s\n", errname(errno));
    else {
        size_t sl = strlen(d);
        printf("  cwd: %s%s\n", strncmp(cwd, d, sl) == 0 ? "<D>" : "", strncmp(cwd, d, sl) == 0 ? cwd + sl : cwd);
    }
    if (getenv("DEFAULTS")) return 0; /* the starting limits belong to the environment */
    struct rlimit r;
    getrlimit(RLIMIT_NOFILE, &r);
    printf("  RLIMIT_NOFILE: %llu/%llu\n", (unsigned long long)r.rlim_cur, (unsigned long long)r.rlim_max);
    getrlimit(RLIMIT_CORE, &r);
    printf("  RLIMIT_CORE soft: %llu\n", (unsigned long long)r.rlim_cur);
    getrlimit(RLIMIT_FSIZE, &r);
    printf("  RLIMIT_FSIZE soft: %llu\n", (unsigned long long)r.rlim_cur);
    getrlimit(RLIMIT_NPROC, &r);
    printf("  RLIMIT_NPROC soft: %llu\n", (unsigned long long)r.rlim_cur);
    errno = 0;
    int nice = getpriority(PRIO_PROCESS, 0);
    printf("  nice: %d\n", nice);
    FACT("  pgid is own (setpgid before exec)", getpgrp() == getpid());
    printf("  uid %u euid %u gid %u\n", getuid(), geteuid(), getgid());
    return 0;
}

int main(int argc, char **argv) {
    if (getenv("D")) return child();
    setup("inherit");
    MUST(mkdir("sub", 0755));
    char dv[96];
    snprintf(dv, sizeof dv, "D=%s", scratch);
    char exe[128];
    snprintf(exe, sizeof exe, "%s/self", scratch);
    char *envp[] = { dv, NULL };
    char *av[] = { A("self"), NULL };
    printf("== defaults\n");
    char *denv[] = { dv, A("DEFAULTS=1"), NULL };
    try_execve("defaults", exe, av, denv);
    printf("== after changes\n");
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGINT, SIG_IGN);
        signal(SIGPIPE, SIG_IGN);
        signal(SIGUSR1, on_usr1);
        struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
        sigaction(SIGTERM, &sa, NULL);
        signal(SIGCHLD, SIG_IGN);
        sigset_t m;
        sigemptyset(&m);
        sigaddset(&m, SIGUSR2);
        sigaddset(&m, SIGHUP);
        sigprocmask(SIG_BLOCK, &m, NULL);
        raise(SIGUSR2);
        static char stk[65536];
        stack_t ss = { .ss_sp = stk, .ss_size = sizeof stk };
        sigaltstack(&ss, NULL);
        umask(027);
        MUST(chdir("sub"));
        struct rlimit r;
        getrlimit(RLIMIT_NOFILE, &r);
        r.rlim_cur = 200;
        if (r.rlim_max > 300) r.rlim_max = 300;
        MUST(setrlimit(RLIMIT_NOFILE, &r));
        getrlimit(RLIMIT_CORE, &r);
        r.rlim_cur = 0;
        MUST(setrlimit(RLIMIT_CORE, &r));
        getrlimit(RLIMIT_FSIZE, &r);
        r.rlim_cur = 1 << 20;
        MUST(setrlimit(RLIMIT_FSIZE, &r));
        getrlimit(RLIMIT_NPROC, &r);
        r.rlim_cur = 500;
        if (r.rlim_max < 500) r.rlim_cur = r.rlim_max;
        MUST(setrlimit(RLIMIT_NPROC, &r));
        MUST(setpriority(PRIO_PROCESS, 0, 7));
        MUST(setpgid(0, 0));
        execve(exe, av, envp);
        printf("exec: %s\n", errname(errno));
        fflush(stdout);
        _exit(100);
    }
    finish("after changes", pid);
    printf("== cwd removed before exec\n");
    envp[1] = NULL;
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        MUST(mkdir("gone", 0755));
        MUST(chdir("gone"));
        MUST(rmdir("../gone"));
        execve(exe, av, denv);
        printf("exec: %s\n", errname(errno));
        fflush(stdout);
        _exit(100);
    }
    finish("cwd removed", pid);
    cleanup();
    return 0;
}
