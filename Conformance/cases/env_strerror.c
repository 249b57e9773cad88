// syscalls: write
// expect: same
/* strerror/strerrorname_np for 0..134 and out-of-range values in the C locale: a pure libc
 * table; any difference would mean the sandbox changed the locale or libc the guest sees. */
#include "common.h"
#include <locale.h>

int main(void) {
    for (int e = 0; e <= 134; e++) {
        const char *n = strerrorname_np(e);
        printf("%d %s: %s\n", e, n ? n : "-", strerror(e));
    }
    printf("-1: %s\n", strerror(-1));
    printf("4096: %s\n", strerror(4096));
    char buf[16];
    int r = strerror_r(ERANGE, buf, 4) ;
    printf("XSI-or-GNU strerror_r small buffer: %s\n", r == 0 ? "0" : "nonzero");
    const char *loc = setlocale(LC_ALL, NULL);
    printf("locale at start: %s\n", loc ? loc : "(null)");
    errno = ENOENT;
    perror("perror to stderr");
    return 0;
}
