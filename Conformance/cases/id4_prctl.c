// syscalls: prctl
// expect: same
/* Identity-related prctl as an unprivileged program: keep-caps toggles (and shows in the
 * securebits), dumpable takes 0 and 1 only, no_new_privs can be set but never cleared, and
 * the capability-changing options (ambient raise, bounding-set drop, securebits) are EPERM
 * without CAP_SETPCAP; bad arguments are EINVAL. Dumpable is set to a known value first (a
 * native uid change clears it). Natively the case first becomes uid/gid 1000 with no groups. */
#include "common.h"
#include <grp.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <sys/prctl.h>

#define VAL(label, expr) do {                                          \
        errno = 0;                                                     \
        long r_ = (long)(expr);                                        \
        if (r_ == -1) printf("%s: %s\n", (label), errname(errno));     \
        else printf("%s: %ld\n", (label), r_);                         \
    } while (0)

int main(void) {
    if (getuid() == 0) MUST(setgroups(0, NULL) == 0 && setgid(1000) == 0 && setuid(1000) == 0 ? 0 : -1);
    VAL("PR_GET_KEEPCAPS", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0));
    VAL("PR_SET_KEEPCAPS 1", prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0));
    VAL("PR_GET_KEEPCAPS", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0));
    long sb = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
    FACT("SECBIT_KEEP_CAPS in securebits", sb >= 0 && (sb & SECBIT_KEEP_CAPS));
    VAL("PR_SET_KEEPCAPS 2", prctl(PR_SET_KEEPCAPS, 2, 0, 0, 0));
    VAL("PR_SET_KEEPCAPS 0", prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0));
    VAL("PR_GET_KEEPCAPS", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0));
    sb = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
    FACT("SECBIT_KEEP_CAPS in securebits", sb >= 0 && (sb & SECBIT_KEEP_CAPS));
    VAL("PR_SET_SECUREBITS keep-caps", prctl(PR_SET_SECUREBITS, SECBIT_KEEP_CAPS, 0, 0, 0));
    VAL("PR_SET_SECUREBITS noroot|locked", prctl(PR_SET_SECUREBITS, SECBIT_NOROOT | SECBIT_NOROOT_LOCKED, 0, 0, 0));

    VAL("PR_SET_DUMPABLE 1", prctl(PR_SET_DUMPABLE, 1, 0, 0, 0));
    VAL("PR_GET_DUMPABLE", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
    VAL("PR_SET_DUMPABLE 0", prctl(PR_SET_DUMPABLE, 0, 0, 0, 0));
    VAL("PR_GET_DUMPABLE", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
    VAL("PR_SET_DUMPABLE 2 (suid_dumpable value)", prctl(PR_SET_DUMPABLE, 2, 0, 0, 0));
    VAL("PR_SET_DUMPABLE 1", prctl(PR_SET_DUMPABLE, 1, 0, 0, 0));
    VAL("PR_GET_DUMPABLE", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));

    VAL("PR_SET_NO_NEW_PRIVS 1", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
    VAL("PR_GET_NO_NEW_PRIVS", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    VAL("PR_SET_NO_NEW_PRIVS 0", prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0));
    VAL("PR_SET_NO_NEW_PRIVS 1 junk arg3", prctl(PR_SET_NO_NEW_PRIVS, 1, 1, 0, 0));
    VAL("PR_GET_NO_NEW_PRIVS junk arg2", prctl(PR_GET_NO_NEW_PRIVS, 1, 0, 0, 0));
    VAL("PR_GET_NO_NEW_PRIVS", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));

    VAL("PR_CAP_AMBIENT_IS_SET CAP_CHOWN", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_CHOWN, 0, 0));
    VAL("PR_CAP_AMBIENT_RAISE CAP_CHOWN", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_CHOWN, 0, 0));
    VAL("PR_CAP_AMBIENT_LOWER CAP_CHOWN", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_LOWER, CAP_CHOWN, 0, 0));
    VAL("PR_CAP_AMBIENT_CLEAR_ALL", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0));
    VAL("PR_CAP_AMBIENT_IS_SET cap 999", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, 999, 0, 0));
    VAL("PR_CAP_AMBIENT bad op", prctl(PR_CAP_AMBIENT, 99, 0, 0, 0));
    VAL("PR_CAPBSET_DROP CAP_CHOWN", prctl(PR_CAPBSET_DROP, CAP_CHOWN, 0, 0, 0));
    VAL("PR_CAPBSET_READ cap 999", prctl(PR_CAPBSET_READ, 999, 0, 0, 0));
    VAL("prctl unknown option", prctl(0x7fff0000, 0, 0, 0, 0));
    return 0;
}
