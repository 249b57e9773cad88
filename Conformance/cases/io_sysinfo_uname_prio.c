// syscalls: getpriority setpriority uname sysinfo
// expect: same
/* getpriority/setpriority on self (lowering is allowed, raising back needs privilege: tried as
 * uid 1000), PRIO_PGRP/PRIO_USER, errors; uname fields' shape; sysinfo shape and relations. */
#include "common.h"
#include <ctype.h>
#include <grp.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>

static int getprio(int which, id_t who) { errno = 0; int p = getpriority(which, who); return errno ? -100 : p; }

int main(void) {
    int base = getprio(PRIO_PROCESS, 0);
    printf("getpriority self: %d\n", base);
    FACT("getpriority getpid() == self", getprio(PRIO_PROCESS, getpid()) == base);
    FACT("getpriority PRIO_PGRP 0 works", getprio(PRIO_PGRP, 0) != -100);
    FACT("getpriority PRIO_USER 0 works", getprio(PRIO_USER, 0) != -100);
    errno = 0; getpriority(7, 0); printf("getpriority bad which: %s\n", errname(errno));
    errno = 0; getpriority(PRIO_PROCESS, 999999999); printf("getpriority missing pid: %s\n", errname(errno));
    REPORT("setpriority bad which", setpriority(7, 0, 0));
    REPORT("setpriority missing pid", setpriority(PRIO_PROCESS, 999999999, 5));

    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        setgroups(0, NULL);
        if (setgid(1000) < 0 || setuid(1000) < 0) { printf("setup failed: setuid\n"); fflush(stdout); _exit(99); }
        REPORT("unprivileged: lower priority to 5", setpriority(PRIO_PROCESS, 0, 5));
        printf("  now: %d\n", getprio(PRIO_PROCESS, 0));
        REPORT("unprivileged: lower to 30 (clamped)", setpriority(PRIO_PROCESS, 0, 30));
        printf("  now: %d\n", getprio(PRIO_PROCESS, 0));
        REPORT("unprivileged: raise to 10", setpriority(PRIO_PROCESS, 0, 10));
        printf("  now: %d\n", getprio(PRIO_PROCESS, 0));
        REPORT("unprivileged: raise to -5", setpriority(PRIO_PROCESS, 0, -5));
        REPORT("unprivileged: nice(-1)", nice(-1));
        fflush(stdout);
        _exit(0);
    }
    waitpid(c, NULL, 0);
    REPORT("lower own priority to 3", setpriority(PRIO_PROCESS, 0, 3));
    printf("  now: %d\n", getprio(PRIO_PROCESS, 0));
    c = fork();
    if (c == 0) _exit(getprio(PRIO_PROCESS, 0));
    int st;
    waitpid(c, &st, 0);
    printf("child inherits priority: %d\n", WEXITSTATUS(st));

    struct utsname u;
    REPORT("uname", uname(&u));
    printf("sysname: %s\n", u.sysname);
    printf("machine: %s\n", u.machine);
    int maj = 0, min = 0;
    FACT("release starts with N.N", sscanf(u.release, "%d.%d", &maj, &min) == 2 && maj >= 3);
    FACT("version non-empty", u.version[0] != 0);
    FACT("version starts with #", u.version[0] == '#');
    FACT("nodename non-empty", u.nodename[0] != 0);
    char host[256];
    FACT("gethostname == nodename", gethostname(host, sizeof host) == 0 && !strcmp(host, u.nodename));
    FACT("domainname field present", strlen(u.domainname) < sizeof u.domainname);

    struct sysinfo si;
    REPORT("sysinfo", sysinfo(&si));
    FACT("uptime > 0", si.uptime > 0);
    FACT("mem_unit >= 1", si.mem_unit >= 1);
    FACT("totalram > 0", si.totalram > 0);
    FACT("freeram <= totalram", si.freeram <= si.totalram);
    FACT("sharedram <= totalram", si.sharedram <= si.totalram);
    FACT("bufferram <= totalram", si.bufferram <= si.totalram);
    FACT("freeswap <= totalswap", si.freeswap <= si.totalswap);
    FACT("procs >= 1", si.procs >= 1);
    FACT("totalhigh == 0 on 64-bit", si.totalhigh == 0 && si.freehigh == 0);
    FACT("loads non-negative", (long)si.loads[0] >= 0 && (long)si.loads[1] >= 0 && (long)si.loads[2] >= 0);
    long pages = sysconf(_SC_PHYS_PAGES), pg = sysconf(_SC_PAGESIZE);
    FACT("totalram == _SC_PHYS_PAGES * pagesize", (unsigned long long)si.totalram * si.mem_unit == (unsigned long long)pages * pg);
    REPORT("sysinfo bad pointer", sysinfo((struct sysinfo *)8));
    FACT("_SC_NPROCESSORS_ONLN >= 1", sysconf(_SC_NPROCESSORS_ONLN) >= 1);
    return 0;
}
