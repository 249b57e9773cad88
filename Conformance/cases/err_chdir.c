// syscalls: chdir fchdir getcwd
// expect: same
/* chdir/fchdir error paths: a file, a missing name, an empty path, trailing slashes, a
 * dangling symlink, a file in the middle, descriptors that are files, bad, O_PATH dirs;
 * after each failure the cwd is unchanged. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

static void where(void) {
    char buf[256];
    if (!getcwd(buf, sizeof buf)) { printf("  getcwd: %s\n", errname(errno)); return; }
    size_t n = strlen(scratch);
    printf("  cwd: %s\n", strncmp(buf, scratch, n) == 0 ? (buf[n] ? buf + n : "<scratch>") : "<elsewhere>");
}

int main(void) {
    enter_scratch("err-chdir");
    put("f", "x");
    MUST(mkdir("d", 0755));
    MUST(mkdir("d/sub", 0755));
    MUST(symlink("d", "ld"));
    MUST(symlink("f", "lf"));
    MUST(symlink("nowhere", "dangling"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int fpfd = open("f", O_PATH);
    MUST(fpfd);
    int dpfd = open("d", O_PATH | O_DIRECTORY);
    MUST(dpfd);
    int dfd = open("d/sub", O_RDONLY | O_DIRECTORY);
    MUST(dfd);
    int pp[2];
    MUST(pipe(pp));
    REPORT("chdir file", syscall(SYS_chdir, "f"));
    REPORT("chdir file/", syscall(SYS_chdir, "f/"));
    REPORT("chdir symlink to file", syscall(SYS_chdir, "lf"));
    REPORT("chdir missing", syscall(SYS_chdir, "missing"));
    REPORT("chdir missing/x", syscall(SYS_chdir, "missing/x"));
    REPORT("chdir f/x", syscall(SYS_chdir, "f/x"));
    REPORT("chdir dangling", syscall(SYS_chdir, "dangling"));
    REPORT("chdir empty path", syscall(SYS_chdir, ""));
    REPORT("chdir NULL", syscall(SYS_chdir, NULL));
    where();
    REPORT("chdir ld (ok)", syscall(SYS_chdir, "ld"));
    where();
    REPORT("chdir ../ld/sub/ (ok)", syscall(SYS_chdir, "../ld/sub/"));
    where();
    REPORT("chdir \"..\" twice (ok)", syscall(SYS_chdir, "../.."));
    where();
    REPORT("fchdir file fd", syscall(SYS_fchdir, ffd));
    REPORT("fchdir O_PATH file fd", syscall(SYS_fchdir, fpfd));
    REPORT("fchdir pipe", syscall(SYS_fchdir, pp[0]));
    REPORT("fchdir bad fd", syscall(SYS_fchdir, 9999));
    REPORT("fchdir -1", syscall(SYS_fchdir, -1));
    REPORT("fchdir AT_FDCWD", syscall(SYS_fchdir, AT_FDCWD));
    where();
    REPORT("fchdir O_PATH dir fd (ok)", syscall(SYS_fchdir, dpfd));
    where();
    REPORT("fchdir dir fd (ok)", syscall(SYS_fchdir, dfd));
    where();
    MUST(chdir(scratch));
    MUST(rmdir("d/sub"));
    REPORT("fchdir removed dir (ok)", syscall(SYS_fchdir, dfd));
    char buf[256];
    REPORT("getcwd in removed dir", syscall(SYS_getcwd, buf, sizeof buf));
    REPORT("chdir \".\" in removed dir", syscall(SYS_chdir, "."));
    REPORT("chdir \"..\" from removed dir", syscall(SYS_chdir, ".."));
    where();
    close(ffd); close(fpfd); close(dpfd); close(dfd); close(pp[0]); close(pp[1]);
    leave_scratch();
    return 0;
}
