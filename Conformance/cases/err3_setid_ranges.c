// syscalls: setuid setgid setreuid setregid setresuid setresgid
// expect: same
/* set*id with full-range register values: the kernel takes the low 32 bits of each id, so an
 * own id with junk in the upper half is the own id, (uid_t)-1 is "unchanged" (and invalid for
 * setuid/setgid: EINVAL), -2 and other unmapped or foreign ids are EPERM for an unprivileged
 * caller. Natively the case first becomes uid/gid 1000 with no groups (the sandbox's guest),
 * so both runs are one unprivileged user. */
#include "common.h"
#include <grp.h>
#include <sys/syscall.h>

#define HI 0xdead000100000000UL   /* junk in the upper 32 bits */

int main(void) {
    if (getuid() == 0) MUST(setgroups(0, NULL) == 0 && setgid(1000) == 0 && setuid(1000) == 0 ? 0 : -1);
    unsigned long u = getuid(), g = getgid();
    REPORT("setuid(own | junk<<32)", syscall(SYS_setuid, HI | u));
    REPORT("setuid(0xffffffff)", syscall(SYS_setuid, 0xffffffffUL));
    REPORT("setuid(-1L)", syscall(SYS_setuid, -1L));
    REPORT("setuid(0xfffffffe)", syscall(SYS_setuid, 0xfffffffeUL));
    REPORT("setuid(0 | junk<<32)", syscall(SYS_setuid, HI));
    REPORT("setuid(own + 1<<32)", syscall(SYS_setuid, u + (1UL << 32)));
    REPORT("setuid(0x7fffffff)", syscall(SYS_setuid, 0x7fffffffUL));
    REPORT("setuid(0x80000000)", syscall(SYS_setuid, 0x80000000UL));
    REPORT("setgid(own | junk<<32)", syscall(SYS_setgid, HI | g));
    REPORT("setgid(0xffffffff)", syscall(SYS_setgid, 0xffffffffUL));
    REPORT("setgid(-1L)", syscall(SYS_setgid, -1L));
    REPORT("setgid(0xfffffffe)", syscall(SYS_setgid, 0xfffffffeUL));
    REPORT("setgid(junk<<32)", syscall(SYS_setgid, HI));
    REPORT("setreuid(-1, -1)", syscall(SYS_setreuid, -1L, -1L));
    REPORT("setreuid(0xffffffff, 0xffffffff)", syscall(SYS_setreuid, 0xffffffffUL, 0xffffffffUL));
    REPORT("setreuid(own|junk, -1)", syscall(SYS_setreuid, HI | u, -1L));
    REPORT("setreuid(-1, own|junk)", syscall(SYS_setreuid, -1L, HI | u));
    REPORT("setreuid(-1, 0xfffffffe)", syscall(SYS_setreuid, -1L, 0xfffffffeUL));
    REPORT("setreuid(0xfffffffe, -1)", syscall(SYS_setreuid, 0xfffffffeUL, -1L));
    REPORT("setreuid(own, own+1)", syscall(SYS_setreuid, u, u + 1));
    REPORT("setregid(-1, -1)", syscall(SYS_setregid, -1L, -1L));
    REPORT("setregid(own|junk, own|junk)", syscall(SYS_setregid, HI | g, HI | g));
    REPORT("setregid(0x80000000, -1)", syscall(SYS_setregid, 0x80000000UL, -1L));
    REPORT("setregid(-1, 0xfffffffe)", syscall(SYS_setregid, -1L, 0xfffffffeUL));
    REPORT("setresuid(-1, -1, -1)", syscall(SYS_setresuid, -1L, -1L, -1L));
    REPORT("setresuid(own|junk x3)", syscall(SYS_setresuid, HI | u, HI | u, HI | u));
    REPORT("setresuid(-1, -1, 0xfffffffe)", syscall(SYS_setresuid, -1L, -1L, 0xfffffffeUL));
    REPORT("setresuid(0xfffffffe, -1, -1)", syscall(SYS_setresuid, 0xfffffffeUL, -1L, -1L));
    REPORT("setresuid(own, 0, own)", syscall(SYS_setresuid, u, 0L, u));
    REPORT("setresuid(0x7fffffff, own, own)", syscall(SYS_setresuid, 0x7fffffffUL, u, u));
    REPORT("setresgid(-1, -1, -1)", syscall(SYS_setresgid, -1L, -1L, -1L));
    REPORT("setresgid(own|junk, -1, own)", syscall(SYS_setresgid, HI | g, -1L, g));
    REPORT("setresgid(-1, own+1<<32, -1)", syscall(SYS_setresgid, -1L, g + (1UL << 32), -1L));
    REPORT("setresgid(0xfffffffe, -1, -1)", syscall(SYS_setresgid, 0xfffffffeUL, -1L, -1L));
    REPORT("setresgid(-1, -1, 0)", syscall(SYS_setresgid, -1L, -1L, 0L));
    uid_t r, e, s;
    gid_t gr, ge, gs;
    MUST(getresuid(&r, &e, &s));
    MUST(getresgid(&gr, &ge, &gs));
    FACT("uids unchanged", r == u && e == u && s == u);
    FACT("gids unchanged", gr == g && ge == g && gs == g);
    return 0;
}
