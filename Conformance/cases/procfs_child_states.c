// syscalls: clone kill wait4 waitid openat read pipe2 exit_group
// expect: same
/* /proc/<child>/stat and status State as a child changes: sleeping on a pipe (S), busy (R),
 * stopped by SIGSTOP (T) and continued, zombie after exit (Z) with /proc/<child>/ still present,
 * gone after reaping (ENOENT); stat fields ppid/pgrp/session, exit_code field 52 of the zombie,
 * the child's own thread in task/. */
#include "common.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#include "procfs_util.h"


static char state_of(pid_t pid) {
    char path[64];
    struct statline s;
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    if (parse_stat(path, &s) < 0 || s.n < 3) return '?';
    return s.f[3][0];
}

static const char *status_state(pid_t pid) {
    static char v[64];
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    if (slurp(path, buf, sizeof buf) < 0 || !field(buf, "State", v, sizeof v)) return "?";
    return v;
}

/* Poll up to 5 s for a state. */
static int wait_state(pid_t pid, char want) {
    for (int i = 0; i < 500; i++) {
        if (state_of(pid) == want) return 1;
        struct timespec ts = { 0, 10000000 };
        nanosleep(&ts, NULL);
    }
    return 0;
}

int main(void) {
    volatile int *stop_flag = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int go[2], busy[2];
    MUST(pipe(go)); MUST(pipe(busy));
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        char b;
        read(go[0], &b, 1);          /* sleeps: S */
        write(busy[1], "b", 1);
        while (!*stop_flag) {}       /* spins without syscalls: R */
        _exit(5);
    }
    FACT("child sleeping in read: S", wait_state(c, 'S'));
    printf("status State: %s\n", status_state(c));
    char path[128], buf[4096], v[128];
    struct statline s;
    snprintf(path, sizeof path, "/proc/%d/stat", c);
    int ok = parse_stat(path, &s) == 0;
    FACT("child stat ppid == us", ok && num(s.f[4]) == getpid());
    FACT("child stat pgrp == ours", ok && num(s.f[5]) == getpgrp());
    FACT("child stat session == ours", ok && num(s.f[6]) == getsid(0));
    snprintf(path, sizeof path, "/proc/%d/status", c);
    ok = slurp(path, buf, sizeof buf) >= 0;
    FACT("child status PPid == us", ok && field(buf, "PPid", v, sizeof v) && atoi(v) == getpid());
    snprintf(path, sizeof path, "/proc/%d/task/%d/stat", c, c);
    FACT("child task/<pid>/stat exists", access(path, R_OK) == 0);

    write(go[1], "g", 1);
    char b;
    read(busy[0], &b, 1);
    FACT("child spinning: R", wait_state(c, 'R'));
    printf("status State: %s\n", status_state(c));

    kill(c, SIGSTOP);
    int st;
    MUST(waitpid(c, &st, WUNTRACED));
    FACT("waitpid WUNTRACED reports SIGSTOP", WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
    FACT("stopped child: T", wait_state(c, 'T'));
    printf("status State: %s\n", status_state(c));
    kill(c, SIGCONT);
    MUST(waitpid(c, &st, WCONTINUED));
    FACT("waitpid WCONTINUED", WIFCONTINUED(st));
    FACT("continued child: R again", wait_state(c, 'R'));

    *stop_flag = 1;  /* the spinning child notices and exits 5 */
    FACT("exited child: Z", wait_state(c, 'Z'));
    printf("status State: %s\n", status_state(c));
    snprintf(path, sizeof path, "/proc/%d/stat", c);
    ok = parse_stat(path, &s) == 0;
    FACT("zombie stat num_threads", ok);
    printf("zombie num_threads: %ld\n", ok ? num(s.f[20]) : -1);
    FACT("zombie exit_code (field 52) == 5 << 8", ok && s.n >= 52 && num(s.f[52]) == (5 << 8));
    snprintf(path, sizeof path, "/proc/%d/cmdline", c);
    ssize_t n = slurp(path, buf, sizeof buf);
    printf("zombie cmdline length: %zd\n", n);
    snprintf(path, sizeof path, "/proc/%d/exe", c);
    REPORT("zombie exe readlink", readlink(path, buf, sizeof buf));
    siginfo_t si;
    memset(&si, 0, sizeof si);
    MUST(waitid(P_PID, c, &si, WEXITED | WNOWAIT));
    FACT("waitid WNOWAIT sees exit 5", si.si_code == CLD_EXITED && si.si_status == 5);
    FACT("still a zombie after WNOWAIT", state_of(c) == 'Z');
    MUST(waitpid(c, &st, 0));
    FACT("reaped with status 5", WIFEXITED(st) && WEXITSTATUS(st) == 5);
    snprintf(path, sizeof path, "/proc/%d/stat", c);
    REPORT("open stat after reaping", open(path, O_RDONLY));
    snprintf(path, sizeof path, "/proc/%d", c);
    REPORT("access /proc/<reaped>", access(path, F_OK));

    /* A child killed by a signal: zombie exit_code is the signal number. */
    c = fork();
    if (c == 0) { pause(); _exit(0); }
    FACT("pause()d child: S", wait_state(c, 'S'));
    kill(c, SIGTERM);
    FACT("killed child: Z", wait_state(c, 'Z'));
    snprintf(path, sizeof path, "/proc/%d/stat", c);
    ok = parse_stat(path, &s) == 0;
    FACT("killed zombie exit_code == SIGTERM", ok && s.n >= 52 && num(s.f[52]) == SIGTERM);
    waitpid(c, &st, 0);
    FACT("reaped: WIFSIGNALED SIGTERM", WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);

    /* A stopped child seen from its own /proc/self would be running; from us: t vs T. */
    c = fork();
    if (c == 0) { raise(SIGSTOP); _exit(0); }
    MUST(waitpid(c, &st, WUNTRACED));
    printf("self-stopped child state: %c (%s)\n", state_of(c), status_state(c));
    kill(c, SIGKILL);
    waitpid(c, &st, 0);
    FACT("SIGKILL ends a stopped child", WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    return 0;
}
