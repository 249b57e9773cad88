// syscalls: sched_getaffinity getrlimit prlimit64 sysinfo uname
// expect: same
/* sysconf values a program relies on, and their relations to the kernel's own answers:
 * _SC_PAGESIZE, _SC_CLK_TCK, _SC_NPROCESSORS_ONLN vs sched_getaffinity and get_nprocs,
 * _SC_OPEN_MAX vs RLIMIT_NOFILE, _SC_ARG_MAX vs RLIMIT_STACK/4, _SC_PHYS_PAGES vs sysinfo. */
#include "common.h"
#include <limits.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>

int main(void) {
    printf("_SC_PAGESIZE: %ld\n", sysconf(_SC_PAGESIZE));
    printf("getpagesize agrees: %s\n", getpagesize() == sysconf(_SC_PAGESIZE) ? "yes" : "no");
    printf("_SC_CLK_TCK: %ld\n", sysconf(_SC_CLK_TCK));
    long onln = sysconf(_SC_NPROCESSORS_ONLN), conf = sysconf(_SC_NPROCESSORS_CONF);
    printf("_SC_NPROCESSORS_ONLN: %ld\n", onln);
    printf("_SC_NPROCESSORS_CONF: %ld\n", conf);
    FACT("ONLN <= CONF", onln <= conf);
    cpu_set_t set;
    MUST(sched_getaffinity(0, sizeof set, &set));
    printf("sched_getaffinity count: %d\n", CPU_COUNT(&set));
    FACT("affinity count <= ONLN", CPU_COUNT(&set) <= onln);
    printf("get_nprocs equals ONLN: %s\n", get_nprocs() == onln ? "yes" : "no");
    struct rlimit rl;
    MUST(getrlimit(RLIMIT_NOFILE, &rl));
    long om = sysconf(_SC_OPEN_MAX);
    printf("_SC_OPEN_MAX: %ld\n", om);
    FACT("_SC_OPEN_MAX == RLIMIT_NOFILE soft", (rlim_t)om == rl.rlim_cur);
    printf("getdtablesize equals it: %s\n", getdtablesize() == om ? "yes" : "no");
    MUST(getrlimit(RLIMIT_STACK, &rl));
    long am = sysconf(_SC_ARG_MAX);
    printf("_SC_ARG_MAX: %ld\n", am);
    if (rl.rlim_cur == RLIM_INFINITY) FACT("ARG_MAX with unlimited stack is 131072 or more", am >= 131072);
    else FACT("_SC_ARG_MAX == max(RLIMIT_STACK/4, 131072)", am == (long)(rl.rlim_cur / 4 > 131072 ? rl.rlim_cur / 4 : 131072));
    struct sysinfo si;
    MUST(sysinfo(&si));
    long pp = sysconf(_SC_PHYS_PAGES);
    FACT("_SC_PHYS_PAGES == totalram/page", pp == (long)((unsigned long long)si.totalram * si.mem_unit / sysconf(_SC_PAGESIZE)));
    FACT("_SC_AVPHYS_PAGES <= _SC_PHYS_PAGES", sysconf(_SC_AVPHYS_PAGES) <= pp);
    MUST(getrlimit(RLIMIT_NPROC, &rl));
    long cm = sysconf(_SC_CHILD_MAX);
    FACT("_SC_CHILD_MAX == RLIMIT_NPROC soft (or -1 when unlimited)", rl.rlim_cur == RLIM_INFINITY ? cm == -1 : (rlim_t)cm == rl.rlim_cur);
    printf("_SC_NGROUPS_MAX: %ld\n", sysconf(_SC_NGROUPS_MAX));
    printf("_SC_HOST_NAME_MAX: %ld\n", sysconf(_SC_HOST_NAME_MAX));
    printf("_SC_LOGIN_NAME_MAX: %ld\n", sysconf(_SC_LOGIN_NAME_MAX));
    printf("_SC_TTY_NAME_MAX: %ld\n", sysconf(_SC_TTY_NAME_MAX));
    printf("_SC_LINE_MAX: %ld\n", sysconf(_SC_LINE_MAX));
    printf("_SC_SIGQUEUE_MAX equals RLIMIT_SIGPENDING: ");
    MUST(getrlimit(RLIMIT_SIGPENDING, &rl));
    printf("%s\n", (rlim_t)sysconf(_SC_SIGQUEUE_MAX) == rl.rlim_cur ? "yes" : "no");
    printf("_SC_RTSIG_MAX: %ld\n", sysconf(_SC_RTSIG_MAX));
    printf("_SC_TIMER_MAX: %ld\n", sysconf(_SC_TIMER_MAX));
    printf("_SC_MONOTONIC_CLOCK: %ld\n", sysconf(_SC_MONOTONIC_CLOCK));
    printf("_SC_THREAD_CPUTIME: %ld\n", sysconf(_SC_THREAD_CPUTIME));
    printf("_SC_IOV_MAX: %ld\n", sysconf(_SC_IOV_MAX));
    printf("_SC_SYMLOOP_MAX: %ld\n", sysconf(_SC_SYMLOOP_MAX));
    printf("_SC_LEVEL1_DCACHE_LINESIZE positive or 0: %s\n", sysconf(_SC_LEVEL1_DCACHE_LINESIZE) >= 0 ? "yes" : "no");
    printf("_SC_MINSIGSTKSZ: %ld\n", sysconf(_SC_MINSIGSTKSZ) >= 2048 ? 1L : 0L);
    errno = 0;
    long bad = sysconf(99999);
    printf("sysconf unknown: %ld %s\n", bad, errname(errno));
    printf("pathconf / NAME_MAX: %ld\n", pathconf("/", _PC_NAME_MAX));
    printf("pathconf /tmp PATH_MAX: %ld\n", pathconf("/tmp", _PC_PATH_MAX));
    printf("fpathconf pipe PIPE_BUF: ");
    int p[2];
    MUST(pipe(p));
    printf("%ld\n", fpathconf(p[0], _PC_PIPE_BUF));
    return 0;
}
