// syscalls: openat mkdir newfstatat symlink rename unlink rmdir chdir getcwd statfs
// expect: differs: paths longer than 4096 bytes in total (reachable natively through relative lookups) fail with ENAMETOOLONG inside
/* Name limits: a component of exactly 255 bytes works for create, stat, mkdir, symlink,
 * rename, listing; 256 bytes is ENAMETOOLONG everywhere (even where the file would not exist);
 * paths of 4095 and 4096 bytes (through "./" repetitions and a deep tree); statfs f_namelen. */
#include "fs2_util.h"
#include <dirent.h>
#include <limits.h>
#include <sys/statfs.h>

int main(void) {
    enter_scratch("fs2-namemax");
    char n255[300], n256[300];
    memset(n255, 'a', 255); n255[255] = 0;
    memset(n256, 'b', 256); n256[256] = 0;
    struct stat st;
    struct statfs sf;
    MUST(statfs(".", &sf));
    printf("statfs f_namelen: %ld\n", (long)sf.f_namelen);
    printf("pathconf NAME_MAX: %ld, PATH_MAX: %ld\n", pathconf(".", _PC_NAME_MAX), pathconf(".", _PC_PATH_MAX));
    OPEN("create 255-byte name", open(n255, O_CREAT | O_WRONLY, 0644));
    REPORT("stat 255", stat(n255, &st));
    OPEN("create 256-byte name", open(n256, O_CREAT | O_WRONLY, 0644));
    REPORT("stat 256", stat(n256, &st));
    REPORT("lstat 256", lstat(n256, &st));
    REPORT("mkdir 256", mkdir(n256, 0755));
    REPORT("unlink 256", unlink(n256));
    REPORT("symlink to 256 (target may be long)", symlink(n256, "lnk"));
    REPORT("stat through that symlink", stat("lnk", &st));
    REPORT("symlink named 256", symlink("x", n256));
    REPORT("rename 255 to 256", rename(n255, n256));
    char p[700];
    snprintf(p, sizeof p, "%s/x", n256);
    REPORT("stat 256/x", stat(p, &st));
    snprintf(p, sizeof p, "missing/%s", n256);
    REPORT("stat missing/256 (which error first)", stat(p, &st));
    snprintf(p, sizeof p, "%s/missing", n255);
    REPORT("stat 255file/missing", stat(p, &st));
    REPORT("unlink 255", unlink(n255));
    REPORT("mkdir 255", mkdir(n255, 0755));
    snprintf(p, sizeof p, "%s/%s", n255, n255);
    REPORT("mkdir 255/255", mkdir(p, 0755));
    DIR *d = opendir(n255);
    struct dirent *e;
    int found = 0;
    while ((e = readdir(d))) if (strlen(e->d_name) == 255) found++;
    closedir(d);
    printf("listing shows the 255-byte name: %d\n", found);
    char n255b[300];
    memset(n255b, 'c', 255); n255b[255] = 0;
    REPORT("rename dir 255 to other 255", rename(n255, n255b));
    /* whole paths: "./" repeated */
    char *big = malloc(8192);
    for (int len = 4094; len <= 4097; len++) {
        /* a path of len bytes: "./" * k + padding with "." or "x" at the end */
        int k = (len - 1) / 2;
        for (int i = 0; i < k; i++) memcpy(big + 2 * i, "./", 2);
        int used = 2 * k;
        while (used < len) big[used++] = '.';
        big[len] = 0;
        char l[64];
        snprintf(l, sizeof l, "stat path of %d bytes", len);
        REPORT(l, stat(big, &st));
        snprintf(l, sizeof l, "open path of %d bytes", len);
        OPEN(l, open(big, O_RDONLY));
    }
    /* a deep tree whose absolute path exceeds PATH_MAX: relative access still works */
    MUST(chdir(scratch));
    int depth = 0;
    while (1) {
        char c[64];
        snprintf(c, sizeof c, "dddddddddddddddddddddddddddddddddddddddddddddddddddd%02d", depth);
        if (mkdir(c, 0755) || chdir(c)) { printf("deep mkdir failed at %d: %s\n", depth, errname(errno)); break; }
        if (++depth == 90) break;
    }
    printf("depth reached: %d\n", depth);
    char cwd[8192];
    char *r = getcwd(cwd, sizeof cwd);
    printf("getcwd of a >4096-byte path: %s\n", r ? "ok" : errname(errno));
    long raw = syscall(SYS_getcwd, cwd, sizeof cwd);
    printf("raw getcwd: %s\n", raw > 0 ? (raw > 4096 ? "ok, longer than 4096" : "ok, short?") : errname(errno));
    OPEN("create in the deep dir", open("leaf", O_CREAT | O_WRONLY, 0644));
    snprintf(big, 8192, "%s", scratch);
    for (int i = 0; i < depth; i++) {
        char c[64];
        snprintf(c, sizeof c, "/dddddddddddddddddddddddddddddddddddddddddddddddddddd%02d", i);
        strcat(big, c);
    }
    strcat(big, "/leaf");
    REPORT("stat deep leaf by absolute path", stat(big, &st));
    free(big);
    unlink("leaf");
    int rmerr = 0;
    for (int i = depth - 1; i >= 0; i--) {
        char c[64];
        snprintf(c, sizeof c, "dddddddddddddddddddddddddddddddddddddddddddddddddddd%02d", i);
        if (chdir("..") || rmdir(c)) rmerr++;
    }
    printf("deep tree removal errors: %d\n", rmerr);
    leave_scratch();
    return 0;
}
