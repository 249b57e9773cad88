// syscalls: chown fchown lchown fchownat fchmod newfstatat
// expect: same
/* chown, fchown and lchown as an unprivileged owner: -1/-1 and the own uid/gid succeed, root,
 * nobody and another user or group are EPERM and change nothing; lchown changes the link, not
 * its target; an owner change (even -1/-1) on a regular file clears set-user-ID and
 * set-group-ID, on a directory it keeps them; fchown on an O_PATH descriptor is EBADF, on a
 * pipe -1/-1 is fine. Natively the case first becomes uid/gid 1000 with no groups. */
#include "common.h"
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>

static uid_t U;
static gid_t G;

static void show(const char *label, const char *path) {
    struct stat st;
    if (lstat(path, &st) < 0) { printf("  %s: %s\n", label, errname(errno)); return; }
    printf("  %s: mode %04o owner own %s group own %s\n", label, st.st_mode & 07777,
           st.st_uid == U ? "yes" : "no", st.st_gid == G ? "yes" : "no");
}

int main(void) {
    if (getuid() == 0) MUST(setgroups(0, NULL) == 0 && setgid(1000) == 0 && setuid(1000) == 0 ? 0 : -1);
    U = getuid();
    G = getgid();
    umask(022);
    char dir[] = "/tmp/conf-id4-chown-XXXXXX";
    MUST(mkdtemp(dir) ? 0 : -1);
    MUST(chdir(dir));
    int fd = open("f", O_CREAT | O_RDWR, 0644);
    MUST(fd);
    MUST(symlink("f", "l"));
    MUST(mkdir("d", 0755));

    REPORT("chown f -1 -1", chown("f", -1, -1));
    REPORT("chown f own own", chown("f", U, G));
    REPORT("chown f own -1", chown("f", U, -1));
    REPORT("chown f -1 own", chown("f", -1, G));
    REPORT("chown f 0 -1", chown("f", 0, -1));
    REPORT("chown f -1 0", chown("f", -1, 0));
    REPORT("chown f 65534 65534", chown("f", 65534, 65534));
    REPORT("chown f own+1 -1", chown("f", U + 1, -1));
    REPORT("chown f -1 own+1", chown("f", -1, G + 1));
    show("f", "f");
    REPORT("fchown -1 -1", fchown(fd, -1, -1));
    REPORT("fchown own own", fchown(fd, U, G));
    REPORT("fchown 0 0", fchown(fd, 0, 0));
    REPORT("fchown -1 65534", fchown(fd, -1, 65534));
    show("f after fchown", "f");
    REPORT("lchown l own own", lchown("l", U, G));
    REPORT("lchown l 0 -1", lchown("l", 0, -1));
    REPORT("lchown l -1 65534", lchown("l", -1, 65534));
    REPORT("chown through l -1 0", chown("l", -1, 0));
    REPORT("fchownat l own own AT_SYMLINK_NOFOLLOW", fchownat(AT_FDCWD, "l", U, G, AT_SYMLINK_NOFOLLOW));
    REPORT("fchownat \"\" own own AT_EMPTY_PATH", fchownat(fd, "", U, G, AT_EMPTY_PATH));
    REPORT("fchownat \"\" 0 0 AT_EMPTY_PATH", fchownat(fd, "", 0, 0, AT_EMPTY_PATH));
    REPORT("chown missing", chown("missing", U, G));
    REPORT("chown missing to root", chown("missing", 0, 0));

    MUST(fchmod(fd, 06755));
    show("f set-id", "f");
    REPORT("fchown -1 -1 on a set-id file", fchown(fd, -1, -1));
    show("f after", "f");
    MUST(fchmod(fd, 06755));
    REPORT("chown own own on a set-id file", chown("f", U, G));
    show("f after", "f");
    MUST(fchmod(fd, 02745));
    REPORT("chown -1 -1 on set-gid without group exec", chown("f", -1, -1));
    show("f after", "f");
    MUST(fchmod(fd, 06755));
    REPORT("chown 0 -1 on a set-id file (refused)", chown("f", 0, -1));
    show("f after", "f");
    MUST(chmod("d", 02755));
    REPORT("chown own own on a set-gid directory", chown("d", U, G));
    show("d after", "d");
    REPORT("chown d 0 0", chown("d", 0, 0));

    int op = open("f", O_PATH);
    MUST(op);
    REPORT("fchown on O_PATH", fchown(op, -1, -1));
    REPORT("fchownat O_PATH AT_EMPTY_PATH", fchownat(op, "", U, G, AT_EMPTY_PATH));
    close(op);
    int p[2];
    MUST(pipe(p));
    REPORT("fchown pipe -1 -1", fchown(p[0], -1, -1));
    REPORT("fchown pipe 0 0", fchown(p[0], 0, 0));
    REPORT("fchown closed fd", fchown(999, -1, -1));
    close(p[0]); close(p[1]); close(fd);
    unlink("l"); unlink("f"); rmdir("d");
    MUST(chdir("/tmp"));
    REPORT("cleanup", rmdir(dir));
    return 0;
}
