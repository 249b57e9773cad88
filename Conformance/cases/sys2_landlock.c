// syscalls: fchmod landlock_create_ruleset landlock_add_rule landlock_restrict_self prctl openat close setgroups setgid setuid
// expect: differs natively (Landlock is enabled); the sandbox reports it as not enabled (EOPNOTSUPP): the supervisor makes the guest's opens outside any Landlock domain of the guest's, so a ruleset would restrict nothing
// expect-sandbox: landlock ABI: EOPNOTSUPP
// expect-sandbox: create_ruleset bad flags: EOPNOTSUPP
#include "common.h"
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <linux/landlock.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

/* Landlock: ABI version query, a ruleset allowing reads only under /tmp, enforced in a child. */
int main(void) {
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    printf("landlock ABI: %s\n", abi >= 1 ? "ok" : errname(errno));
    if (abi >= 1) printf("abi version: %ld\n", abi);
    REPORT("version query with attr", syscall(SYS_landlock_create_ruleset, (void *)8, 0, LANDLOCK_CREATE_RULESET_VERSION));
    REPORT("create_ruleset bad flags", syscall(SYS_landlock_create_ruleset, NULL, 0, 0x100));
    struct landlock_ruleset_attr empty = { 0 };
    REPORT("create_ruleset empty access", syscall(SYS_landlock_create_ruleset, &empty, sizeof empty, 0));
    if (abi < 1) return 0;
    char path[] = "/tmp/sys2_landlock_XXXXXX";
    int tf = mkstemp(path);
    MUST(tf);
    write(tf, "ok", 2);
    fchmod(tf, 0644);
    close(tf);
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        become_guest_ids();
        struct landlock_ruleset_attr ra = { .handled_access_fs = LANDLOCK_ACCESS_FS_READ_FILE };
        int rs = syscall(SYS_landlock_create_ruleset, &ra, sizeof ra, 0);
        FACT("create_ruleset", rs >= 0);
        struct landlock_path_beneath_attr pb = { .allowed_access = LANDLOCK_ACCESS_FS_READ_FILE };
        pb.parent_fd = open("/tmp", O_PATH | O_CLOEXEC);
        REPORT("add_rule /tmp read", syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &pb, 0));
        struct landlock_path_beneath_attr wide = { .allowed_access = LANDLOCK_ACCESS_FS_WRITE_FILE, .parent_fd = pb.parent_fd };
        REPORT("add_rule unhandled access", syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &wide, 0));
        REPORT("add_rule bad type", syscall(SYS_landlock_add_rule, rs, 99, &pb, 0));
        REPORT("add_rule bad flags", syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &pb, 1));
        REPORT("restrict_self without no_new_privs", syscall(SYS_landlock_restrict_self, rs, 0));
        MUST(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
        REPORT("restrict_self bad flags", syscall(SYS_landlock_restrict_self, rs, 0x100));
        REPORT("restrict_self on a non-ruleset fd", syscall(SYS_landlock_restrict_self, pb.parent_fd, 0));
        REPORT("restrict_self", syscall(SYS_landlock_restrict_self, rs, 0));
        int fd;
        REPORT("open under /tmp for reading", fd = open(path, O_RDONLY));
        if (fd >= 0) close(fd);
        REPORT("open /etc/hostname for reading", open("/etc/hostname", O_RDONLY));
        REPORT("open /proc/self/status (outside) for reading", open("/proc/self/status", O_RDONLY));
        fflush(stdout);
        _exit(0);
    }
    int st;
    MUST(waitpid(c, &st, 0));
    FACT("child exited 0", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    unlink(path);
    return 0;
}
