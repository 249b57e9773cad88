// syscalls: getuid geteuid getgid getegid getresuid getresgid getgroups setgroups
// expect: same
/* The identity getters as an unprivileged program sees them: every uid getter agrees, every gid
 * getter agrees, the supplementary list is empty and getgroups sizes it; bad sizes (smaller
 * than the list is fine when it is empty, negative is EINVAL); setgroups of any list, even the
 * empty one or the own gid, is EPERM without CAP_SETGID. Natively the case first becomes
 * uid/gid 1000 with no groups (the sandbox's guest). */
#include "common.h"
#include <grp.h>
#include <limits.h>
#include <sys/syscall.h>

int main(void) {
    if (getuid() == 0) MUST(setgroups(0, NULL) == 0 && setgid(1000) == 0 && setuid(1000) == 0 ? 0 : -1);
    uid_t u = getuid();
    gid_t g = getgid();
    FACT("uid is 1000", u == 1000);
    FACT("gid is 1000", g == 1000);
    FACT("geteuid == getuid", geteuid() == u);
    FACT("getegid == getgid", getegid() == g);
    FACT("raw getuid == libc", syscall(SYS_getuid) == (long)u);
    FACT("raw getgid == libc", syscall(SYS_getgid) == (long)g);
    uid_t r = 7, e = 7, s = 7;
    gid_t gr = 7, ge = 7, gs = 7;
    REPORT("getresuid", getresuid(&r, &e, &s));
    FACT("  real == effective == saved == getuid", r == u && e == u && s == u);
    REPORT("getresgid", getresgid(&gr, &ge, &gs));
    FACT("  real == effective == saved == getgid", gr == g && ge == g && gs == g);
    REPORT("getresuid NULL pointers", syscall(SYS_getresuid, NULL, NULL, NULL));
    REPORT("getresgid bad pointer", syscall(SYS_getresgid, (void *)8, &ge, &gs));
    long n = syscall(SYS_getgroups, 0, NULL);
    printf("getgroups(0, NULL): %ld\n", n);
    gid_t list[NGROUPS_MAX];
    printf("getgroups(1, list): %ld\n", (long)getgroups(1, list));
    printf("getgroups(NGROUPS_MAX, list): %ld\n", (long)getgroups(NGROUPS_MAX, list));
    REPORT("getgroups(-1, list)", syscall(SYS_getgroups, -1, list));
    REPORT("getgroups(0, bad pointer)", syscall(SYS_getgroups, 0, (void *)8));
    REPORT("getgroups(4, bad pointer) with an empty list", syscall(SYS_getgroups, 4, (void *)8));
    REPORT("setgroups(0, NULL)", setgroups(0, NULL));
    REPORT("setgroups(1, {own gid})", setgroups(1, &g));
    gid_t two[2] = { g, 0 };
    REPORT("setgroups(2, {own, 0})", setgroups(2, two));
    REPORT("setgroups(-1, NULL)", syscall(SYS_setgroups, -1, NULL));
    REPORT("setgroups(NGROUPS_MAX + 1, list)", syscall(SYS_setgroups, NGROUPS_MAX + 1, list));
    printf("getgroups after: %ld\n", syscall(SYS_getgroups, 0, NULL));
    FACT("uid unchanged", getuid() == u && geteuid() == u);
    return 0;
}
