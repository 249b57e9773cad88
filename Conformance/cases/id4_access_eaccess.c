// syscalls: access faccessat faccessat2 setresuid setreuid setresgid
// expect: same
/* access() checks the real ids, faccessat(AT_EACCESS) the effective ones; with a single own
 * uid the two agree after every permitted setresuid/setreuid shuffle. The owner class is
 * chosen first: a file of mode 0077 is closed to its owner even though group and others may
 * read it; X_OK needs an execute bit; directories need search; AT_SYMLINK_NOFOLLOW asks about
 * the link itself. Natively the case first becomes uid/gid 1000 with no groups (root would
 * pass every check). */
#include "common.h"
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static const char *bits(int m) {
    static char s[4];
    s[0] = (m & R_OK) ? 'r' : '-';
    s[1] = (m & W_OK) ? 'w' : '-';
    s[2] = (m & X_OK) ? 'x' : '-';
    s[3] = 0;
    return s;
}

static void table(const char *label) {
    static const char *files[] = { "m0000", "m0400", "m0200", "m0100", "m0700", "m0077", "m0070", "m0007", "m0500", "d0600", "d0100", "lnk" };
    static const int modes[] = { R_OK, W_OK, X_OK, R_OK | W_OK, F_OK };
    printf("== %s\n", label);
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        printf("%-6s", files[i]);
        for (size_t j = 0; j < sizeof modes / sizeof *modes; j++) {
            int a = access(files[i], modes[j]) == 0 ? 0 : errno;
            int e = faccessat(AT_FDCWD, files[i], modes[j], AT_EACCESS) == 0 ? 0 : errno;
            int n = syscall(SYS_faccessat2, AT_FDCWD, files[i], modes[j], AT_EACCESS | AT_SYMLINK_NOFOLLOW) == 0 ? 0 : errno;
            printf(" %s:%s/%s/%s", modes[j] == F_OK ? "F" : bits(modes[j]), a ? errname(a) : "ok", e ? errname(e) : "ok",
                   n ? errname(n) : "ok");
        }
        printf("\n");
    }
}

static void mk(const char *name, int mode) {
    int fd = open(name, O_CREAT | O_WRONLY, 0600);
    MUST(fd);
    MUST(fchmod(fd, mode));
    close(fd);
}

int main(void) {
    if (getuid() == 0) MUST(setgroups(0, NULL) == 0 && setgid(1000) == 0 && setuid(1000) == 0 ? 0 : -1);
    uid_t u = getuid();
    gid_t g = getgid();
    char dir[] = "/tmp/conf-id4-access-XXXXXX";
    MUST(mkdtemp(dir) ? 0 : -1);
    MUST(chdir(dir));
    mk("m0000", 0); mk("m0400", 0400); mk("m0200", 0200); mk("m0100", 0100); mk("m0700", 0700);
    mk("m0077", 0077); mk("m0070", 0070); mk("m0007", 0007); mk("m0500", 0500);
    MUST(mkdir("d0600", 0600));
    MUST(mkdir("d0100", 0100));
    MUST(symlink("m0000", "lnk"));
    table("start");
    REPORT("setresuid(own, own, own)", setresuid(u, u, u));
    REPORT("setreuid(-1, own)", setreuid(-1, u));
    REPORT("setresgid(-1, own, -1)", setresgid(-1, g, -1));
    table("after own-id shuffles");
    REPORT("setresuid(-1, 0, -1)", setresuid(-1, 0, -1));
    REPORT("faccessat d0600/x AT_EACCESS (no search)", faccessat(AT_FDCWD, "d0600/x", F_OK, AT_EACCESS));
    REPORT("access d0100/x (search only, missing)", access("d0100/x", F_OK));
    REPORT("faccessat bad flag", faccessat(AT_FDCWD, "m0700", R_OK, 0x1));
    REPORT("faccessat bad mode", faccessat(AT_FDCWD, "m0700", 8, 0));
    REPORT("faccessat2 AT_EMPTY_PATH on dirfd", syscall(SYS_faccessat2, AT_FDCWD, "", R_OK, AT_EMPTY_PATH));
    const char *names[] = { "lnk", "m0000", "m0400", "m0200", "m0100", "m0700", "m0077", "m0070", "m0007", "m0500" };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) unlink(names[i]);
    rmdir("d0600"); rmdir("d0100");
    MUST(chdir("/tmp"));
    REPORT("cleanup", rmdir(dir));
    return 0;
}
