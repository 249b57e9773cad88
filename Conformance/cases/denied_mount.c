// syscalls: mount umount2 pivot_root
// expect: differs natively as root (the kernel checks the target first: ENOENT/EINVAL); the sandbox denies it
// expect-sandbox: mount: EPERM
// expect-sandbox: umount2: EPERM
// expect-sandbox: pivot_root: EPERM
#include "common.h"
#include <sys/mount.h>
#include <sys/syscall.h>

int main(void) {
    /* Targets that do not exist, so a native run as root mounts nothing. */
    REPORT("mount", mount("none", "/tmp/conf-no-such-mountpoint", "tmpfs", 0, NULL));
    REPORT("umount2", umount2("/tmp/conf-no-such-mountpoint", 0));
    REPORT("pivot_root", syscall(SYS_pivot_root, "/tmp/conf-no-such-a", "/tmp/conf-no-such-b"));
    return 0;
}
