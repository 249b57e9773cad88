// syscalls: clone3
// expect: differs natively (clone3 with CLONE_NEWUSER makes a user namespace); the sandbox allows clone3 and answers EPERM for new namespaces
// expect-sandbox: clone3: ok
// expect-sandbox: clone3 with CLONE_NEWUSER: EPERM
// expect-sandbox: pthread_create after clone3 ENOSYS: ok
#include "common.h"
#include <linux/sched.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static long clone3_fork(unsigned long flags) {
    struct clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = flags;
    args.exit_signal = SIGCHLD;
    return syscall(SYS_clone3, &args, sizeof args);
}

static void try_clone3(const char *label, unsigned long flags) {
    errno = 0;
    long c = clone3_fork(flags);
    if (c == 0) _exit(0);
    if (c > 0) waitpid(c, NULL, 0);
    printf("%s: %s\n", label, c > 0 ? "ok" : errname(errno));
}

static void *nothing(void *arg) { return arg; }

int main(void) {
    try_clone3("clone3", 0);
    try_clone3("clone3 with CLONE_NEWUSER", CLONE_NEWUSER);
    pthread_t t;
    int e = pthread_create(&t, NULL, nothing, NULL);
    if (e == 0) pthread_join(t, NULL);
    printf("pthread_create after clone3 ENOSYS: %s\n", e ? errname(e) : "ok");
    return 0;
}
