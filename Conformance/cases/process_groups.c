// syscalls: getpgrp getsid setpgid setsid kill
// expect: same
#include "common.h"
#include <signal.h>
#include <sys/wait.h>

int main(void) {
    // A process started as a command belongs to a process group and a session that may be led from
    // outside its pid namespace (the ids are then 0: a container runner, or a terminal outside the
    // sandbox), so only that they answer, consistently, and that the group can be signalled.
    FACT("getpgrp answers", getpgrp() >= 0);
    FACT("getsid answers", getsid(0) >= 0 && getsid(0) == getsid(getpid()));
    FACT("getpgid(0) is getpgrp", getpgid(0) == getpgrp());
    REPORT("kill(0, 0)", kill(0, 0));
    pid_t child = fork();
    if (child == 0) {
        // A child can lead a group of its own, and be found in it.
        if (setpgid(0, 0) != 0) _exit(1);
        _exit(getpgrp() == getpid() ? 0 : 2);
    }
    int status = 0;
    waitpid(child, &status, 0);
    printf("child leads its own group: exit %d\n", WEXITSTATUS(status));
    child = fork();
    if (child == 0) {
        // A child that is no group leader can start a session of its own and lead it.
        if (setsid() != getpid()) _exit(1);
        _exit(getsid(0) == getpid() && getpgrp() == getpid() ? 0 : 2);
    }
    waitpid(child, &status, 0);
    printf("child leads its own session: exit %d\n", WEXITSTATUS(status));
    return 0;
}
