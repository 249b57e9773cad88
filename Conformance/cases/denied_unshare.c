// syscalls: unshare setns
// expect: differs natively as root (root may create namespaces); the sandbox denies it
// expect-sandbox: unshare(CLONE_NEWUSER): EPERM
// expect-sandbox: unshare(CLONE_NEWNS): EPERM
// expect-sandbox: setns: EPERM
#include "common.h"
#include <fcntl.h>
#include <sched.h>
#include <sys/wait.h>

/* Each attempt runs in a child so a native success changes nothing else. */
static void try_unshare(const char *label, int flags) {
    pid_t c = fork();
    MUST(c);
    if (c == 0) _exit(unshare(flags) == 0 ? 0 : errno);
    int st;
    MUST(waitpid(c, &st, 0));
    printf("%s: %s\n", label, WEXITSTATUS(st) ? errname(WEXITSTATUS(st)) : "ok");
}

int main(void) {
    try_unshare("unshare(CLONE_NEWUSER)", CLONE_NEWUSER);
    try_unshare("unshare(CLONE_NEWNS)", CLONE_NEWNS);
    /* setns on a descriptor that is not a namespace: EINVAL natively, EPERM in the sandbox. */
    int p[2];
    MUST(pipe(p));
    REPORT("setns", setns(p[0], 0));
    return 0;
}
