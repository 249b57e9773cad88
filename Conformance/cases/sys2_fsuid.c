// syscalls: setfsuid setfsgid setgroups setgid setuid getuid
// expect: same
#include "common.h"
#include <grp.h>
#include <sys/fsuid.h>
#include <sys/wait.h>

/* setfsuid/setfsgid: the return value is the previous fs id; an invalid id only queries. */
int main(void) {
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        become_guest_ids();
        printf("setfsuid(-1) query: %d\n", setfsuid(-1));
        printf("setfsgid(-1) query: %d\n", setfsgid(-1));
        printf("setfsuid(1000) returns: %d\n", setfsuid(1000));
        printf("setfsuid(0) unprivileged returns: %d\n", setfsuid(0));
        printf("fsuid after failed change: %d\n", setfsuid(-1));
        printf("setfsgid(0) unprivileged returns: %d\n", setfsgid(0));
        printf("fsgid after failed change: %d\n", setfsgid(-1));
        printf("setfsuid(12345) returns: %d\n", setfsuid(12345));
        printf("fsuid after 12345: %d\n", setfsuid(-1));
        fflush(stdout);
        _exit(0);
    }
    int st;
    MUST(waitpid(c, &st, 0));
    FACT("child exited 0", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    return 0;
}
