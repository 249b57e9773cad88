/* Shared helpers for conformance cases.
 * Print results and errnos by name so native and sandboxed output compare
 * line for line; never print addresses, pids, times or sizes that vary. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <grp.h>

static inline const char *errname(int e) {
    const char *s = e ? strerrorname_np(e) : "0";
    return s ? s : "UNKNOWN";
}

/* Run a call returning -1/errno on failure; print "label: ok" or "label: ENAME". */
#define REPORT(label, expr) do {                                   \
        errno = 0;                                                   \
        long r_ = (long)(expr);                                      \
        if (r_ == -1) printf("%s: %s\n", (label), errname(errno));   \
        else printf("%s: ok\n", (label));                            \
    } while (0)

/* Print a yes/no fact. */
#define FACT(label, cond) printf("%s: %s\n", (label), (cond) ? "yes" : "no")

/* Abort the case on an unexpected setup failure (exit status 99 marks it). */
#define MUST(expr) do {                                              \
        if ((long)(expr) == -1) {                                    \
            printf("setup failed: %s: %s\n", #expr, errname(errno));  \
            exit(99);                                                \
        }                                                            \
    } while (0)

/* Natively the cases run as root: become uid/gid 1000 with no groups, as the guest is (inside the
 * sandbox the guest is that already, and this does nothing). */
static inline void become_guest_ids(void) {
    if (getuid() == 0) {
        MUST(setgroups(0, NULL));
        MUST(setgid(1000));
        MUST(setuid(1000));
    }
}

