// syscalls: umask openat mkdir mkdirat mknodat mknod fchmodat fchmod chmod symlink newfstatat
// expect: same
// normalize: fchmodat2 
// expect-sandbox: fchmodat2 file NOFOLLOW: ENOSYS
//   known gap: the syscall table is built from the build host's kernel headers (Debian 12: Linux 6.1);
//   newer syscalls (fchmodat2, 452) answer ENOSYS, as a 6.1 kernel does, and glibc falls back.
/* Mode bits: umask applied by open, mkdir, mknod (fifo, regular) and mkfifo, umask's return
 * value, modes with setuid/setgid/sticky bits, and chmod of a symlink itself through
 * fchmodat(AT_SYMLINK_NOFOLLOW) (EOPNOTSUPP) and the raw fchmodat2 where present. */
#include "fs2_util.h"
#include <sys/sysmacros.h>

static void mode(const char *label, const char *p) {
    struct stat st;
    if (lstat(p, &st)) { printf("  %s: %s\n", label, errname(errno)); return; }
    printf("  %s: %06o\n", label, st.st_mode);
}

int main(void) {
    enter_scratch("fs2-modes");
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        drop_to_user();
        printf("umask was: %03o\n", umask(0));
        printf("umask(0) returns the previous: %03o\n", umask(077));
        printf("umask(077) returns: %03o\n", umask(077));
        printf("umask(0777|01000) keeps only 0777: %03o\n", (umask(01777), umask(027)));
        const mode_t masks[] = { 0, 022, 077, 0777 };
        for (int i = 0; i < 4; i++) {
            umask(masks[i]);
            printf("umask %03o:\n", masks[i]);
            char p[64];
            snprintf(p, sizeof p, "f%d", i);
            MUST(close(open(p, O_CREAT | O_WRONLY, 0777)));
            mode("open 0777", p);
            snprintf(p, sizeof p, "d%d", i);
            MUST(mkdir(p, 0777));
            mode("mkdir 0777", p);
            snprintf(p, sizeof p, "s%d", i);
            MUST(mkdir(p, 01777));
            mode("mkdir 01777", p);
            snprintf(p, sizeof p, "p%d", i);
            MUST(mkfifo(p, 0666));
            mode("mkfifo 0666", p);
            snprintf(p, sizeof p, "n%d", i);
            MUST(mknod(p, S_IFREG | 0755, 0));
            mode("mknod S_IFREG 0755", p);
            snprintf(p, sizeof p, "z%d", i);
            MUST(mknod(p, 0644, 0));
            mode("mknod type 0 (regular)", p);
            snprintf(p, sizeof p, "l%d", i);
            MUST(symlink("f0", p));
            mode("symlink", p);
            snprintf(p, sizeof p, "u%d", i);
            MUST(close(open(p, O_CREAT | O_WRONLY, 07777)));
            mode("open 07777", p);
            snprintf(p, sizeof p, "t%d", i);
            MUST(close(open(p, O_CREAT | O_WRONLY | O_TRUNC, 0)));
            mode("open 0", p);
        }
        umask(022);
        REPORT("open an existing 000 file for writing as owner", open("t0", O_WRONLY));
        REPORT("chmod 04755", chmod("f0", 04755));
        mode("after", "f0");
        REPORT("chmod 07777", chmod("f0", 07777));
        mode("after", "f0");
        REPORT("chmod 0100644 (type bits ignored)", chmod("f0", 0100644));
        mode("after", "f0");
        REPORT("fchmodat symlink AT_SYMLINK_NOFOLLOW", fchmodat(AT_FDCWD, "l0", 0600, AT_SYMLINK_NOFOLLOW));
        mode("symlink after", "l0");
        mode("target f0", "f0");
        REPORT("fchmodat file AT_SYMLINK_NOFOLLOW", fchmodat(AT_FDCWD, "f0", 0640, AT_SYMLINK_NOFOLLOW));
        mode("f0 after", "f0");
        REPORT("raw fchmodat with flags arg ignored", syscall(SYS_fchmodat, AT_FDCWD, "l0", 0604, AT_SYMLINK_NOFOLLOW));
        mode("target f0 (raw fchmodat follows)", "f0");
        long r = syscall(452, AT_FDCWD, "l0", 0600, AT_SYMLINK_NOFOLLOW);
        printf("fchmodat2 symlink NOFOLLOW: %s\n", r == 0 ? "ok" : errname(errno));
        r = syscall(452, AT_FDCWD, "f0", 0644, AT_SYMLINK_NOFOLLOW);
        printf("fchmodat2 file NOFOLLOW: %s\n", r == 0 ? "ok" : errname(errno));
        r = syscall(452, AT_FDCWD, "f0", 0644, 0x4);
        printf("fchmodat2 bad flag: %s\n", r == 0 ? "ok" : errname(errno));
        int pfd = open("l0", O_PATH | O_NOFOLLOW);
        REPORT("fchmod(O_PATH symlink fd)", fchmod(pfd, 0600));
        r = syscall(452, pfd, "", 0600, AT_EMPTY_PATH);
        printf("fchmodat2(O_PATH symlink fd, \"\", AT_EMPTY_PATH): %s\n", r == 0 ? "ok" : errname(errno));
        mode("symlink", "l0");
        REPORT("mknod S_IFCHR as user", mknod("chr", S_IFCHR | 0600, makedev(1, 3)));
        REPORT("mknod S_IFSOCK", mknod("sock", S_IFSOCK | 0600, 0));
        mode("sock", "sock");
        REPORT("mknod bad type", mknod("bad", 0170000 | 0600, 0));
        REPORT("mknod S_IFDIR", mknod("dir", S_IFDIR | 0700, 0));
        fflush(stdout);
        _exit(0);
    }
    reap("child", pid);
    leave_scratch();
    return 0;
}
