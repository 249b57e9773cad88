// syscalls: openat read write pread64 pwrite64 lseek fstat newfstatat statx unlink unlinkat mkdir mkdirat rmdir rename renameat2 getdents64 ftruncate fsync fchmod chmod access faccessat2 readlink symlink link getcwd chdir
// expect: same
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }

static void list(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) { printf("opendir: %s\n", errname(errno)); return; }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64) {
        char t = e->d_type == DT_DIR ? 'd' : e->d_type == DT_REG ? 'f' : e->d_type == DT_LNK ? 'l' : '?';
        if (asprintf(&names[n], "%s(%c)", e->d_name, t) > 0) n++;
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp);
    printf("entries:");
    for (int i = 0; i < n; i++) { printf(" %s", names[i]); free(names[i]); }
    printf("\n");
}

int main(void) {
    umask(022);
    char dir[] = "/tmp/conf-files-XXXXXX";
    if (!mkdtemp(dir)) { printf("mkdtemp: %s\n", errname(errno)); return 1; }
    MUST(chdir(dir));
    char cwd[256];
    FACT("getcwd is the new dir", getcwd(cwd, sizeof cwd) && strcmp(cwd, dir) == 0);

    int fd = open("a.txt", O_CREAT | O_EXCL | O_RDWR, 0640);
    MUST(fd);
    printf("write: %zd\n", write(fd, "0123456789", 10));
    printf("lseek SEEK_CUR: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    printf("lseek SEEK_SET 2: %ld\n", (long)lseek(fd, 2, SEEK_SET));
    char buf[32] = {0};
    printf("read: %zd %s\n", read(fd, buf, 4), buf);
    printf("lseek SEEK_END: %ld\n", (long)lseek(fd, 0, SEEK_END));
    REPORT("lseek negative", lseek(fd, -100, SEEK_SET));
    printf("pwrite at 20 (hole): %zd\n", pwrite(fd, "Z", 1, 20));
    memset(buf, 0, sizeof buf);
    printf("pread 13 at 8: %zd\n", pread(fd, buf, 13, 8));
    FACT("hole reads as zeros", buf[0] == '8' && buf[2] == 0 && buf[11] == 0 && buf[12] == 'Z');
    struct stat st;
    MUST(fstat(fd, &st));
    printf("fstat: size=%ld mode=%o regular=%s nlink=%ld\n", (long)st.st_size, st.st_mode & 07777,
           S_ISREG(st.st_mode) ? "yes" : "no", (long)st.st_nlink);
    FACT("owner is the caller", st.st_uid == geteuid());
    REPORT("ftruncate 5", ftruncate(fd, 5));
    REPORT("fsync", fsync(fd));
    REPORT("fchmod 600", fchmod(fd, 0600));
    MUST(fstat(fd, &st));
    printf("after truncate+chmod: size=%ld mode=%o\n", (long)st.st_size, st.st_mode & 07777);
    MUST(close(fd));

    REPORT("open O_EXCL existing", open("a.txt", O_CREAT | O_EXCL | O_WRONLY, 0600));
    REPORT("mkdir sub", mkdir("sub", 0755));
    REPORT("mkdir sub again", mkdir("sub", 0755));
    REPORT("rename a.txt -> sub/b.txt", rename("a.txt", "sub/b.txt"));
    REPORT("stat old name", stat("a.txt", &st));
    REPORT("stat new name", stat("sub/b.txt", &st));
    REPORT("symlink", symlink("sub/b.txt", "link"));
    char target[64] = {0};
    printf("readlink: %zd %s\n", readlink("link", target, sizeof target - 1), target);
    REPORT("stat through symlink", stat("link", &st));
    printf("lstat is link: %s\n", lstat("link", &st) == 0 && S_ISLNK(st.st_mode) ? "yes" : "no");
    REPORT("link hard", link("sub/b.txt", "hard"));
    MUST(stat("hard", &st));
    printf("nlink after hard link: %ld\n", (long)st.st_nlink);
    REPORT("access R_OK", access("hard", R_OK));
    REPORT("faccessat missing", faccessat(AT_FDCWD, "nope", F_OK, 0));
    REPORT("renameat2 RENAME_NOREPLACE onto existing", renameat2(AT_FDCWD, "hard", AT_FDCWD, "link", RENAME_NOREPLACE));
    struct statx sx;
    REPORT("statx", statx(AT_FDCWD, "hard", 0, STATX_SIZE, &sx));
    printf("statx size: %llu\n", (unsigned long long)sx.stx_size);
    list(".");
    list("sub");

    REPORT("rmdir non-empty", rmdir("sub"));
    REPORT("unlink a directory", unlink("sub"));
    REPORT("unlink sub/b.txt", unlink("sub/b.txt"));
    REPORT("unlinkat AT_REMOVEDIR sub", unlinkat(AT_FDCWD, "sub", AT_REMOVEDIR));
    REPORT("unlink link", unlink("link"));
    REPORT("unlink hard", unlink("hard"));
    REPORT("unlink missing", unlink("hard"));
    list(".");
    MUST(chdir("/tmp"));
    REPORT("rmdir the test dir", rmdir(dir));
    REPORT("stat removed dir", stat(dir, &st));
    return 0;
}
