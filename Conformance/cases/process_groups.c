// syscalls: getpgrp getsid setpgid kill
// expect: same
#include "common.h"
#include <signal.h>
#include <sys/wait.h>

int main(void) {
    // A process started as a command belongs to a real process group and session of its own
    // world: none of them is 0, and the group can be signalled as a whole.
    FACT("getpgrp is a process group", getpgrp() > 0);
    FACT("getsid is a session", getsid(0) > 0);
    FACT("getpgid(0) is getpgrp", getpgid(0) == getpgrp());
    REPORT("kill(-getpgrp(), 0)", kill(-getpgrp(), 0));
    pid_t child = fork();
    if (child == 0) {
        // A child can lead a group of its own, and be found in it.
        if (setpgid(0, 0) != 0) _exit(1);
        _exit(getpgrp() == getpid() ? 0 : 2);
    }
    int status = 0;
    waitpid(child, &status, 0);
    printf("child leads its own group: exit %d\n", WEXITSTATUS(status));
    return 0;
}
