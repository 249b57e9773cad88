// syscalls: setuid setgid setreuid setregid setresuid setresgid fchownat
// expect: same
#include "common.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <grp.h>
#include <unistd.h>

int main(void) {
    // As an unprivileged user: one's own ids (or -1) are fine, any other is EPERM.
    // Natively as root, become the sandbox's user first, so both runs are one unprivileged user.
    if (getuid() == 0) MUST(setgroups(0, NULL) == 0 && setgid(1000) == 0 && setuid(1000) == 0 ? 0 : -1);
    uid_t u = getuid();
    gid_t g = getgid();
    REPORT("setuid(own)", setuid(u));
    REPORT("setuid(0)", setuid(0));
    REPORT("setuid(other)", setuid(u + 1));
    REPORT("setgid(own)", setgid(g));
    REPORT("setgid(0)", setgid(0));
    REPORT("setreuid(-1, own)", setreuid(-1, u));
    REPORT("setreuid(own, 0)", setreuid(u, 0));
    REPORT("setregid(other, -1)", setregid(g + 1, -1));
    REPORT("setresuid(own, own, own)", setresuid(u, u, u));
    REPORT("setresuid(-1, -1, 0)", setresuid(-1, -1, 0));
    REPORT("setresgid(-1, other, -1)", setresgid(-1, g + 1, -1));
    char path[] = "/tmp/conf-ids-XXXXXX";
    int fd = mkstemp(path);
    MUST(fd);
    REPORT("chown own file to self", fchownat(AT_FDCWD, path, u, g, 0));
    REPORT("chown own file to another user", fchownat(AT_FDCWD, path, u + 1, -1, 0));
    REPORT("chown own file to another group", fchownat(AT_FDCWD, path, -1, g + 1, 0));
    REPORT("chown own file to root", fchownat(AT_FDCWD, path, 0, 0, 0));
    unlink(path);
    return 0;
}
