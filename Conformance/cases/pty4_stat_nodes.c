// syscalls: openat newfstatat fstat ioctl close access
// expect: same
/* The pty nodes as stat sees them: fstat of the slave fd and stat of /dev/pts/N (a character
 * device, the same rdev, owner the opener, /dev/pts major 136 for the slave), fstat of the master
 * fd, stat of /dev/ptmx (following the link where it is one) and /dev/pts, access to /dev/ptmx
 * and /dev/tty. Nothing that varies (numbers, inodes, times) is printed. Runs as uid 1000. */
#include "common.h"
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

static void drop(void) {
    become_guest_ids();
}

static void kind(const char *label, int r, struct stat *st) {
    if (r != 0) { printf("%s: %s\n", label, errname(errno)); return; }
    printf("%s: %s\n", label, S_ISCHR(st->st_mode) ? "chr" : S_ISDIR(st->st_mode) ? "dir" : S_ISLNK(st->st_mode) ? "lnk" : S_ISREG(st->st_mode) ? "reg" : "other");
}

int main(void) {
    drop();
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    MUST(m);
    MUST(grantpt(m));
    MUST(unlockpt(m));
    char sn[64];
    MUST(ptsname_r(m, sn, sizeof sn) ? -1 : 0);
    int s = open(sn, O_RDWR | O_NOCTTY);
    MUST(s);
    struct stat a, b, mm, px;
    kind("fstat slave", fstat(s, &a), &a);
    FACT("  slave major is 136", major(a.st_rdev) == 136);
    FACT("  slave owner is me", a.st_uid == getuid());
    kind("stat /dev/pts/N", stat(sn, &b), &b);
    FACT("  same rdev as the fd", a.st_rdev == b.st_rdev);
    FACT("  same inode as the fd", a.st_ino == b.st_ino && a.st_dev == b.st_dev);
    FACT("  readable and writable by me", access(sn, R_OK | W_OK) == 0);
    kind("fstat master", fstat(m, &mm), &mm);
    printf("  master rdev: %u:%u\n", major(mm.st_rdev), minor(mm.st_rdev));
    FACT("  master and slave rdev differ", mm.st_rdev != a.st_rdev);
    kind("stat /dev/ptmx", stat("/dev/ptmx", &px), &px);
    printf("  rdev: %u:%u\n", major(px.st_rdev), minor(px.st_rdev));
    FACT("  access R|W", access("/dev/ptmx", R_OK | W_OK) == 0);
    FACT("  master fd is the same device", px.st_rdev == mm.st_rdev);
    struct stat d;
    kind("stat /dev/pts", stat("/dev/pts", &d), &d);
    FACT("  slave lives on /dev/pts's filesystem", d.st_dev == b.st_dev);
    FACT("  search permission", access("/dev/pts", X_OK) == 0);
    FACT("  write permission", access("/dev/pts", W_OK) == 0);
    kind("lstat /dev/pts/N", lstat(sn, &b), &b);
    kind("stat /dev/tty", stat("/dev/tty", &d), &d);
    printf("  rdev: %u:%u\n", major(d.st_rdev), minor(d.st_rdev));
    /* the owner may change its own pty's mode (mesg does this by fchmod on its terminal) */
    REPORT("fchmod slave 0600", fchmod(s, 0600));
    MUST(fstat(s, &a));
    FACT("  mode is now 0600", (a.st_mode & 07777) == 0600);
    close(s);
    close(m);
    return 0;
}
