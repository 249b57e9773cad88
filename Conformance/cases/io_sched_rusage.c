// syscalls: sched_yield sched_getparam sched_setparam sched_getscheduler sched_get_priority_max sched_get_priority_min sched_rr_get_interval getrusage times prlimit64 getrlimit setrlimit
// expect: same
// normalize: prlimit lower CORE hard to 1 MiB: 
// normalize: unprivileged: raise CORE soft up to hard: 
// expect-sandbox: prlimit lower CORE hard to 1 MiB: EPERM
// expect-sandbox: unprivileged: raise CORE soft up to hard: EPERM
//   deliberate: RLIMIT_CORE is 0/0 in the sandbox: a core dump goes through the host's
//   core_pattern (often a helper run as host root), so no guest process may dump core.
/* Scheduler queries on self (and errors for a missing pid), getrusage (self, children, thread,
 * bad who) relations, times() relations, prlimit on self (read, lower soft, lower hard, raise above
 * hard refused, EINVAL soft > hard, bad resource, ESRCH). */
#include "common.h"
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <grp.h>

static double tvs(struct timeval t) { return t.tv_sec + t.tv_usec / 1e6; }

int main(void) {
    REPORT("sched_yield", sched_yield());
    int pol = sched_getscheduler(0);
    printf("sched_getscheduler self: %s\n", pol == SCHED_OTHER ? "SCHED_OTHER" : pol < 0 ? errname(errno) : "other");
    struct sched_param sp = { .sched_priority = 99 };
    REPORT("sched_getparam self", sched_getparam(0, &sp));
    printf("  priority: %d\n", sp.sched_priority);
    REPORT("sched_getparam getpid()", sched_getparam(getpid(), &sp));
    REPORT("sched_getparam missing pid", sched_getparam(999999999, &sp));
    REPORT("sched_getparam negative pid", sched_getparam(-1, &sp));
    REPORT("sched_getparam NULL", syscall(SYS_sched_getparam, 0, NULL));
    REPORT("sched_getscheduler missing pid", sched_getscheduler(999999999));
    REPORT("sched_getscheduler negative pid", sched_getscheduler(-1));
    sp.sched_priority = 0;
    REPORT("sched_setparam priority 0 (OTHER)", sched_setparam(0, &sp));
    sp.sched_priority = 5;
    REPORT("sched_setparam priority 5 under OTHER", sched_setparam(0, &sp));
    printf("priority max/min FIFO: %d %d\n", sched_get_priority_max(SCHED_FIFO), sched_get_priority_min(SCHED_FIFO));
    printf("priority max/min OTHER: %d %d\n", sched_get_priority_max(SCHED_OTHER), sched_get_priority_min(SCHED_OTHER));
    REPORT("priority max bad policy", sched_get_priority_max(77));
    struct timespec rr;
    REPORT("sched_rr_get_interval self", sched_rr_get_interval(0, &rr));
    REPORT("sched_rr_get_interval missing pid", sched_rr_get_interval(999999999, &rr));

    volatile double x = 0;
    for (long i = 0; i < 20000000; i++) x += i * 0.5;
    struct rusage ru, rc, rt;
    REPORT("getrusage SELF", getrusage(RUSAGE_SELF, &ru));
    FACT("self user time > 0 after a busy loop", tvs(ru.ru_utime) > 0);
    FACT("self maxrss > 0", ru.ru_maxrss > 0);
    FACT("usec fields < 1e6", ru.ru_utime.tv_usec < 1000000 && ru.ru_stime.tv_usec < 1000000);
    REPORT("getrusage THREAD", getrusage(RUSAGE_THREAD, &rt));
    FACT("thread user time <= self user time", tvs(rt.ru_utime) <= tvs(ru.ru_utime) + 0.01);
    REPORT("getrusage CHILDREN", getrusage(RUSAGE_CHILDREN, &rc));
    FACT("no children yet: zero child time", tvs(rc.ru_utime) == 0 && tvs(rc.ru_stime) == 0);
    REPORT("getrusage bad who", getrusage(7, &ru));
    REPORT("getrusage bad pointer", getrusage(RUSAGE_SELF, (struct rusage *)8));

    struct tms t0, t1;
    clock_t c0 = times(&t0);
    pid_t c = fork();
    MUST(c);
    if (c == 0) { volatile double y = 0; for (long i = 0; i < 200000000; i++) y += i * 0.5; _exit(0); }
    int st;
    waitpid(c, &st, 0);
    clock_t c1 = times(&t1);
    FACT("times() return grows", c1 >= c0);
    FACT("tms_cutime grew after reaping a busy child", t1.tms_cutime > t0.tms_cutime);
    FACT("tms_utime >= 0", t1.tms_utime >= 0);
    getrusage(RUSAGE_CHILDREN, &rc);
    FACT("RUSAGE_CHILDREN user time > 0 after reaping", tvs(rc.ru_utime) > 0);
    FACT("RUSAGE_CHILDREN maxrss > 0", rc.ru_maxrss > 0);

    struct rlimit old, nw;
    REPORT("prlimit read NOFILE", prlimit(0, RLIMIT_NOFILE, NULL, &old));
    struct rlimit gl;
    getrlimit(RLIMIT_NOFILE, &gl);
    FACT("prlimit == getrlimit", gl.rlim_cur == old.rlim_cur && gl.rlim_max == old.rlim_max);
    REPORT("prlimit getpid() read", prlimit(getpid(), RLIMIT_NOFILE, NULL, &old));
    nw.rlim_cur = 64; nw.rlim_max = old.rlim_max;
    REPORT("prlimit lower soft to 64", prlimit(0, RLIMIT_NOFILE, &nw, &old));
    getrlimit(RLIMIT_NOFILE, &gl);
    printf("  soft now: %llu, old value returned: %s\n", (unsigned long long)gl.rlim_cur, old.rlim_cur == nw.rlim_max || old.rlim_cur > 64 ? "yes" : "no");
    REPORT("open beyond soft limit (dup2 to 100)", dup2(0, 100));
    nw.rlim_cur = 200; nw.rlim_max = 100;
    REPORT("prlimit soft > hard", prlimit(0, RLIMIT_NOFILE, &nw, NULL));
    REPORT("prlimit bad resource", prlimit(0, 99, NULL, &old));
    REPORT("prlimit missing pid", prlimit(999999999, RLIMIT_NOFILE, NULL, &old));
    struct rlimit core;
    getrlimit(RLIMIT_CORE, &core);
    nw.rlim_cur = 0; nw.rlim_max = 1 << 20;
    REPORT("prlimit lower CORE hard to 1 MiB", prlimit(0, RLIMIT_CORE, &nw, NULL));
    /* Raising a hard limit needs CAP_SYS_RESOURCE: try as uid 1000 (root drops first). */
    fflush(stdout);
    c = fork();
    if (c == 0) {
        setgroups(0, NULL);
        if (setgid(1000) < 0 || setuid(1000) < 0) { printf("setup failed: setuid\n"); fflush(stdout); _exit(99); }
        nw.rlim_cur = 0; nw.rlim_max = 2 << 20;
        REPORT("unprivileged: raise CORE hard limit", prlimit(0, RLIMIT_CORE, &nw, NULL));
        nw.rlim_cur = 1 << 20; nw.rlim_max = 1 << 20;
        REPORT("unprivileged: raise CORE soft up to hard", prlimit(0, RLIMIT_CORE, &nw, NULL));
        fflush(stdout);
        _exit(0);
    }
    waitpid(c, &st, 0);
    return 0;
}
