// syscalls: getrlimit prlimit64 umask getpriority getpgrp getpgid getsid getpid getppid getuid getgid getgroups setpriority setsid setpgid clone wait4
// expect: same
// normalize: RLIMIT_CORE: 
// expect-sandbox: RLIMIT_CORE: soft 0 hard 0
//   deliberate: RLIMIT_CORE is 0/0 (a core dump goes through the host's core_pattern).
/* The process state a program starts with: rlimit relations (soft <= hard, common defaults),
 * umask, nice value 0, process group/session relations, ids, supplementary groups. */
#include "common.h"
#include <sys/resource.h>
#include <sys/wait.h>

static const char *lim(rlim_t v) {
    static char b[8][32];
    static int i;
    i = (i + 1) % 8;
    if (v == RLIM_INFINITY) return "unlimited";
    snprintf(b[i], sizeof b[i], "%llu", (unsigned long long)v);
    return b[i];
}

int main(void) {
    static const struct { int r; const char *name; } rs[] = {
        { RLIMIT_CPU, "CPU" }, { RLIMIT_FSIZE, "FSIZE" }, { RLIMIT_DATA, "DATA" }, { RLIMIT_STACK, "STACK" },
        { RLIMIT_CORE, "CORE" }, { RLIMIT_RSS, "RSS" }, { RLIMIT_NPROC, "NPROC" }, { RLIMIT_NOFILE, "NOFILE" },
        { RLIMIT_MEMLOCK, "MEMLOCK" }, { RLIMIT_AS, "AS" }, { RLIMIT_LOCKS, "LOCKS" },
        { RLIMIT_SIGPENDING, "SIGPENDING" }, { RLIMIT_MSGQUEUE, "MSGQUEUE" }, { RLIMIT_NICE, "NICE" },
        { RLIMIT_RTPRIO, "RTPRIO" }, { RLIMIT_RTTIME, "RTTIME" },
    };
    for (unsigned i = 0; i < sizeof rs / sizeof rs[0]; i++) {
        struct rlimit rl, pl;
        MUST(getrlimit(rs[i].r, &rl));
        MUST(prlimit(0, rs[i].r, NULL, &pl));
        printf("RLIMIT_%s: soft %s hard %s%s%s\n", rs[i].name, lim(rl.rlim_cur), lim(rl.rlim_max),
               rl.rlim_cur <= rl.rlim_max ? "" : " (soft > hard!)",
               pl.rlim_cur == rl.rlim_cur && pl.rlim_max == rl.rlim_max ? "" : " (prlimit differs)");
    }
    struct rlimit rl;
    REPORT("getrlimit bad resource", getrlimit(99, &rl));
    mode_t um = umask(022);
    printf("umask at start: %03o\n", um);
    umask(um);
    errno = 0;
    int pr = getpriority(PRIO_PROCESS, 0);
    printf("getpriority(PRIO_PROCESS, 0): %d %s\n", pr, errname(errno));
    errno = 0;
    pr = getpriority(PRIO_PGRP, 0);
    printf("getpriority(PRIO_PGRP, 0): %d %s\n", pr, errname(errno));
    REPORT("getpriority bad which", getpriority(9, 0));
    pid_t pid = getpid(), pg = getpgrp(), sid = getsid(0);
    FACT("getpgrp == getpgid(0)", pg == getpgid(0));
    FACT("getsid(0) == getsid(getpid())", sid == getsid(pid));
    FACT("getpgid(0) == getpgid(getpid())", getpgid(0) == getpgid(pid));
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        int ok = getpgrp() == pg && getsid(0) == sid;            /* inherited */
        pid_t me = getpid();
        int ns = setsid() == me;
        ok |= 0;
        int leader = getpgrp() == me && getsid(0) == me;
        int again = setsid() == -1 && errno == EPERM;
        int pgset = setpgid(0, 0) == -1 && errno == EPERM;        /* session leader may not */
        _exit((ok ? 1 : 0) | (ns ? 2 : 0) | (leader ? 4 : 0) | (again ? 8 : 0) | (pgset ? 16 : 0));
    }
    int st;
    MUST(waitpid(c, &st, 0));
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : 0;
    FACT("child inherits pgrp and session", code & 1);
    FACT("child setsid returns its pid", code & 2);
    FACT("then it leads its group and session", code & 4);
    FACT("second setsid EPERM", code & 8);
    FACT("setpgid by a session leader EPERM", code & 16);
    FACT("getppid > 0", getppid() > 0);
    REPORT("getsid of nonexistent pid", getsid(0x3ffffff0));
    REPORT("getpgid of nonexistent pid", getpgid(0x3ffffff0));
    printf("getuid == geteuid: %s, getgid == getegid: %s\n", getuid() == geteuid() ? "yes" : "no", getgid() == getegid() ? "yes" : "no");
    int ng = getgroups(0, NULL);
    gid_t gs[64];
    FACT("getgroups(0) count matches a full read", ng >= 0 && ng <= 64 && getgroups(64, gs) == ng);
    REPORT("getgroups negative size", getgroups(-1, gs));
    return 0;
}
