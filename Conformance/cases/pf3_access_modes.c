// syscalls: access faccessat faccessat2 chmod mkdir symlink openat setuid setgid setgroups chown
// expect: same
/* Permission answers of access/faccessat/faccessat2 (plain and AT_EACCESS, which agree when the
 * real and effective ids do) for uid 1000 on its own files: every owner mode for R/W/X and
 * combinations, the owner class winning over more generous group/other bits (0077 denies the
 * owner everything), F_OK on a mode-0 file, directories without search (a name inside: EACCES)
 * or without read (search still works), X_OK on a dir, AT_SYMLINK_NOFOLLOW on a link to an
 * unreadable file (the link itself), a trailing slash on a file (ENOTDIR); and the same answers
 * from open where they can be compared. */
#include "fs2_util.h"

static void row(const char *name) {
    const struct { int m; const char *n; } ms[] = { { F_OK, "F" }, { R_OK, "R" }, { W_OK, "W" }, { X_OK, "X" }, { R_OK | W_OK, "RW" },
                                                    { R_OK | X_OK, "RX" } };
    char out[256] = "";
    for (size_t i = 0; i < sizeof ms / sizeof *ms; i++) {
        errno = 0;
        int a = access(name, ms[i].m);
        int ae = errno;
        errno = 0;
        int b = syscall(SYS_faccessat2, AT_FDCWD, name, ms[i].m, AT_EACCESS);
        int be = errno;
        char one[48];
        snprintf(one, sizeof one, "%s%s=%s%s", i ? " " : "", ms[i].n, a ? errname(ae) : "ok",
                 (a != b || ae != be) ? "(EACCESS differs)" : "");
        strcat(out, one);
    }
    printf("%-22s %s\n", name, out);
}

static void file(const char *name, mode_t m) {
    put(name, "x");
    MUST(chmod(name, m));
}

int main(void) {
    enter_scratch("pf3-access");
    drop_to_user();
    printf("uid and euid are 1000: %s\n", getuid() == 1000 && geteuid() == 1000 ? "yes" : "no");
    const mode_t modes[] = { 0000, 0400, 0200, 0100, 0600, 0500, 0300, 0700, 0077, 0070, 0007, 0477, 0644, 0755 };
    for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
        char n[32];
        snprintf(n, sizeof n, "file-%04o", modes[i]);
        file(n, modes[i]);
        row(n);
    }
    REPORT("open file-0077 O_RDONLY", open("file-0077", O_RDONLY));
    REPORT("open file-0400 O_WRONLY", open("file-0400", O_WRONLY));
    REPORT("open file-0200 O_WRONLY", open("file-0200", O_WRONLY));
    REPORT("open file-0200 O_RDONLY", open("file-0200", O_RDONLY));

    MUST(mkdir("nosearch", 0755));
    put("nosearch/inner", "x");
    MUST(chmod("nosearch", 0600));
    row("nosearch");
    row("nosearch/inner");
    REPORT("open nosearch/inner", open("nosearch/inner", O_RDONLY));
    MUST(mkdir("noread", 0755));
    put("noread/inner", "x");
    MUST(chmod("noread", 0300));
    row("noread");
    row("noread/inner");
    REPORT("open noread O_RDONLY|O_DIRECTORY", open("noread", O_RDONLY | O_DIRECTORY));
    REPORT("open noread/inner", open("noread/inner", O_RDONLY));

    MUST(symlink("file-0000", "link-to-0000"));
    REPORT("faccessat2 link-to-0000 R_OK", syscall(SYS_faccessat2, AT_FDCWD, "link-to-0000", R_OK, 0));
    REPORT("faccessat2 link-to-0000 R_OK NOFOLLOW", syscall(SYS_faccessat2, AT_FDCWD, "link-to-0000", R_OK, AT_SYMLINK_NOFOLLOW));
    REPORT("faccessat2 link-to-0000 W_OK|X_OK NOFOLLOW", syscall(SYS_faccessat2, AT_FDCWD, "link-to-0000", W_OK | X_OK, AT_SYMLINK_NOFOLLOW));
    REPORT("faccessat link-to-0000 R_OK AT_EACCESS|NOFOLLOW (glibc)", faccessat(AT_FDCWD, "link-to-0000", R_OK, AT_EACCESS | AT_SYMLINK_NOFOLLOW));
    REPORT("access file-0644/ (trailing slash)", access("file-0644/", F_OK));
    int d = open(".", O_RDONLY | O_DIRECTORY);
    REPORT("faccessat2(dirfd, file-0400, R_OK, AT_EACCESS)", syscall(SYS_faccessat2, d, "file-0400", R_OK, AT_EACCESS));
    REPORT("faccessat2(dirfd, \"\", W_OK, AT_EMPTY_PATH)", syscall(SYS_faccessat2, d, "", W_OK, AT_EMPTY_PATH));
    close(d);
    chmod("nosearch", 0755);
    chmod("noread", 0755);
    leave_scratch();
    return 0;
}
