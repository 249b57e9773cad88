// syscalls: openat read getpid getppid getpgid getsid setsid setpgid rt_sigprocmask rt_sigaction getuid getgid getgroups setgroups clone
// expect: same
/* /proc/self/stat and /proc/self/status against the syscalls: stat fields 1-8 and num_threads
 * vs getpid/getppid/getpgrp/getsid (also after setpgid/setsid in a child), status Uid/Gid/Groups
 * vs getresuid/getresgid/getgroups, Threads as threads come and go, task/<tid>/stat of each thread,
 * SigBlk after sigprocmask, SigIgn after SIG_IGN, SigCgt after a handler, SigPnd/ShdPnd. */
#include "common.h"
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "procfs_util.h"


static unsigned long long hexfield(const char *key) {
    char buf[8192], v[128];
    if (slurp("/proc/self/status", buf, sizeof buf) < 0 || !field(buf, key, v, sizeof v)) return ~0ULL;
    return strtoull(v, NULL, 16);
}
#define BIT(sig) (1ULL << ((sig) - 1))

static int status_num(const char *key) {
    char buf[8192], v[128];
    if (slurp("/proc/self/status", buf, sizeof buf) < 0 || !field(buf, key, v, sizeof v)) return -1;
    return atoi(v);
}

static void ids_line(const char *label, const char *key, unsigned a, unsigned b, unsigned c) {
    char buf[8192], v[256];
    unsigned x[4] = {0};
    int ok = slurp("/proc/self/status", buf, sizeof buf) >= 0 && field(buf, key, v, sizeof v) &&
             sscanf(v, "%u %u %u %u", x, x + 1, x + 2, x + 3) == 4;
    printf("status %s: four numbers %s, real/effective/saved/fs match %s\n", label, ok ? "yes" : "no",
           ok && x[0] == a && x[1] == b && x[2] == c && x[3] == b ? "yes" : "no");
}

static void stat_ids(const char *who) {
    struct statline s;
    int ok = parse_stat("/proc/self/stat", &s) == 0;
    printf("%s: stat pid %s ppid %s pgrp %s session %s state %s comm %s\n", who,
           ok && num(s.f[1]) == getpid() ? "ok" : "bad", ok && num(s.f[4]) == getppid() ? "ok" : "bad",
           ok && num(s.f[5]) == getpgrp() ? "ok" : "bad", ok && num(s.f[6]) == getsid(0) ? "ok" : "bad",
           ok ? s.f[3] : "?", ok ? s.comm : "?");
}

static pthread_barrier_t bar;
static pid_t tids[3];
static void *worker(void *arg) {
    tids[(long)arg] = syscall(SYS_gettid);
    pthread_barrier_wait(&bar);
    pthread_barrier_wait(&bar);
    return NULL;
}

int main(void) {
    stat_ids("self");
    struct statline s;
    parse_stat("/proc/self/stat", &s);
    printf("stat field count: %d\n", s.n);
    printf("num_threads: %ld\n", num(s.f[20]));
    FACT("tty_nr (field 7) is a number", s.f[7] && (s.f[7][0] == '-' || (s.f[7][0] >= '0' && s.f[7][0] <= '9')));
    FACT("exit_signal (field 38) is SIGCHLD", s.n >= 38 && num(s.f[38]) == SIGCHLD);
    FACT("rt_priority 0 and policy 0 (fields 40, 41)", s.n >= 41 && num(s.f[40]) == 0 && num(s.f[41]) == 0);
    FACT("nice (field 19) == getpriority", num(s.f[19]) == 0);

    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        stat_ids("child");
        REPORT("child setpgid(0,0)", setpgid(0, 0));
        stat_ids("child in own group");
        REPORT("child setsid as group leader", setsid());
        fflush(stdout);
        pid_t g = fork();
        if (g == 0) {
            REPORT("grandchild setsid", setsid());
            stat_ids("grandchild new session");
            struct statline t;
            parse_stat("/proc/self/stat", &t);
            FACT("grandchild tpgid (field 8) is -1 without a tty", num(t.f[8]) == -1);
            fflush(stdout);
            _exit(0);
        }
        waitpid(g, NULL, 0);
        _exit(0);
    }
    waitpid(c, NULL, 0);

    uid_t r, e, sv; gid_t gr, ge, gs;
    getresuid(&r, &e, &sv); getresgid(&gr, &ge, &gs);
    ids_line("Uid", "Uid", r, e, sv);
    ids_line("Gid", "Gid", gr, ge, gs);
    char buf[8192], v[1024];
    slurp("/proc/self/status", buf, sizeof buf);
    gid_t groups[256];
    int ng = getgroups(256, groups);
    int match = field(buf, "Groups", v, sizeof v) != NULL, count = 0;
    for (char *t = strtok(v, " "); match && t; t = strtok(NULL, " ")) {
        int found = 0;
        for (int i = 0; i < ng; i++) found |= (unsigned)atoi(t) == groups[i];
        match &= found;
        count++;
    }
    FACT("status Groups == getgroups", match && count == ng);
    fflush(stdout);
    c = fork();
    if (c == 0) {
        /* As uid 1000 with one supplementary group (natively root sets it; in the sandbox setgroups may be refused). */
        gid_t one = 1000;
        int sg = setgroups(1, &one);
        setgid(1000); setuid(1000);
        getresuid(&r, &e, &sv); getresgid(&gr, &ge, &gs);
        ids_line("Uid as 1000", "Uid", r, e, sv);
        ids_line("Gid as 1000", "Gid", gr, ge, gs);
        slurp("/proc/self/status", buf, sizeof buf);
        ng = getgroups(256, groups);
        field(buf, "Groups", v, sizeof v);
        char want[64] = "";
        if (ng == 1) snprintf(want, sizeof want, "%u", groups[0]);
        FACT("Groups line matches getgroups after setgroups", (ng == 0 && v[0] == 0) || (ng == 1 && !strncmp(v, want, strlen(want))));
        (void)sg;
        fflush(stdout);
        _exit(0);
    }
    waitpid(c, NULL, 0);

    printf("Threads: %d\n", status_num("Threads"));
    pthread_barrier_init(&bar, NULL, 3);
    pthread_t t[2];
    for (long i = 0; i < 2; i++) pthread_create(&t[i], NULL, worker, (void *)i);
    pthread_barrier_wait(&bar);
    printf("Threads with 2 workers: %d\n", status_num("Threads"));
    parse_stat("/proc/self/stat", &s);
    printf("num_threads with 2 workers: %ld\n", num(s.f[20]));
    for (int i = 0; i < 2; i++) {
        char path[128];
        snprintf(path, sizeof path, "/proc/self/task/%d/stat", tids[i]);
        struct statline ts;
        int ok = parse_stat(path, &ts) == 0;
        printf("task/<tid %d>/stat: parses %s, pid field is tid %s, ppid %s, pgrp %s, num_threads %ld, state R or S %s\n", i,
               ok ? "yes" : "no", ok && num(ts.f[1]) == tids[i] ? "yes" : "no", ok && num(ts.f[4]) == getppid() ? "ok" : "bad",
               ok && num(ts.f[5]) == getpgrp() ? "ok" : "bad", ok ? num(ts.f[20]) : -1, ok && (!strcmp(ts.f[3], "R") || !strcmp(ts.f[3], "S")) ? "yes" : "no");
        snprintf(path, sizeof path, "/proc/%d/task/%d/status", getpid(), tids[i]);
        ok = slurp(path, buf, sizeof buf) >= 0;
        FACT("  /proc/<pid>/task/<tid>/status Tgid == pid", ok && field(buf, "Tgid", v, sizeof v) && atoi(v) == getpid());
    }
    pthread_barrier_wait(&bar);
    pthread_join(t[0], NULL); pthread_join(t[1], NULL);
    printf("Threads after join: %d\n", status_num("Threads"));

    sigset_t set;
    sigemptyset(&set);
    MUST(sigprocmask(SIG_SETMASK, &set, NULL));
    printf("SigBlk empty: %016llx\n", hexfield("SigBlk"));
    sigaddset(&set, SIGUSR1); sigaddset(&set, SIGTERM); sigaddset(&set, SIGRTMIN + 2);
    MUST(sigprocmask(SIG_SETMASK, &set, NULL));
    FACT("SigBlk == USR1|TERM|RTMIN+2", hexfield("SigBlk") == (BIT(SIGUSR1) | BIT(SIGTERM) | BIT(SIGRTMIN + 2)));
    sigaddset(&set, SIGKILL);
    sigprocmask(SIG_SETMASK, &set, NULL);
    FACT("SIGKILL never shows in SigBlk", !(hexfield("SigBlk") & BIT(SIGKILL)));
    FACT("SigIgn lacks SIGUSR2 at first", !(hexfield("SigIgn") & BIT(SIGUSR2)));
    signal(SIGUSR2, SIG_IGN);
    FACT("SigIgn has SIGUSR2 after SIG_IGN", (hexfield("SigIgn") & BIT(SIGUSR2)) != 0);
    signal(SIGUSR2, SIG_DFL);
    FACT("SigIgn drops SIGUSR2 after SIG_DFL", !(hexfield("SigIgn") & BIT(SIGUSR2)));
    struct sigaction sa = { .sa_handler = (void (*)(int))1 };
    sa.sa_handler = SIG_IGN;
    sigaction(SIGHUP, &sa, NULL);
    FACT("SigIgn has SIGHUP", (hexfield("SigIgn") & BIT(SIGHUP)) != 0);
    FACT("SigCgt lacks SIGALRM before a handler", !(hexfield("SigCgt") & BIT(SIGALRM)));
    signal(SIGALRM, (void (*)(int))stat_ids);
    FACT("SigCgt has SIGALRM with a handler", (hexfield("SigCgt") & BIT(SIGALRM)) != 0);
    FACT("SigPnd empty", hexfield("SigPnd") == 0);
    FACT("ShdPnd empty", hexfield("ShdPnd") == 0);
    syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
    FACT("SigPnd has SIGUSR1 after tgkill (blocked)", hexfield("SigPnd") == BIT(SIGUSR1));
    kill(getpid(), SIGTERM);
    FACT("ShdPnd has SIGTERM after kill (blocked)", hexfield("ShdPnd") == BIT(SIGTERM));
    fflush(stdout);
    c = fork();
    if (c == 0) {
        FACT("child inherits SigBlk, not pending", hexfield("SigBlk") == (BIT(SIGUSR1) | BIT(SIGTERM) | BIT(SIGRTMIN + 2)) &&
             hexfield("SigPnd") == 0 && hexfield("ShdPnd") == 0);
        FACT("child inherits SigIgn SIGHUP", (hexfield("SigIgn") & BIT(SIGHUP)) != 0);
        fflush(stdout);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    return 0;
}
