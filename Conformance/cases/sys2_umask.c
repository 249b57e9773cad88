// syscalls: umask openat mkdirat fstat newfstatat unlinkat close
// expect: same
#include "common.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* umask returns the old mask, applies to creation, and is inherited across fork. */
int main(void) {
    mode_t first = umask(027);
    (void)first;
    printf("umask(022) returns previous: %03o\n", umask(022));
    printf("umask(0777) returns previous: %03o\n", umask(0777));
    printf("umask(01777) returns previous: %03o\n", umask(01777));
    printf("umask(027) returns previous (only 0777 bits kept): %03o\n", umask(027));
    char dir[] = "/tmp/sys2_umask_XXXXXX";
    if (!mkdtemp(dir)) { printf("mkdtemp: %s\n", errname(errno)); return 0; }
    char path[256];
    snprintf(path, sizeof path, "%s/f", dir);
    int fd = open(path, O_CREAT | O_WRONLY, 0666);
    MUST(fd);
    struct stat st;
    MUST(fstat(fd, &st));
    printf("file 0666 under 027: %03o\n", st.st_mode & 0777);
    close(fd);
    snprintf(path, sizeof path, "%s/d", dir);
    MUST(mkdir(path, 0777));
    MUST(stat(path, &st));
    printf("dir 0777 under 027: %03o\n", st.st_mode & 0777);
    rmdir(path);
    pid_t c = fork();
    MUST(c);
    if (c == 0) { _exit(umask(0)); }
    int ws;
    MUST(waitpid(c, &ws, 0));
    printf("child inherits umask: %03o\n", WEXITSTATUS(ws) & 0777);
    printf("parent umask unchanged: %03o\n", umask(0));
    snprintf(path, sizeof path, "%s/g", dir);
    fd = open(path, O_CREAT | O_WRONLY, 0666);
    MUST(fd);
    MUST(fstat(fd, &st));
    printf("file 0666 under 000: %03o\n", st.st_mode & 0777);
    close(fd);
    unlink(path);
    snprintf(path, sizeof path, "%s/f", dir);
    unlink(path);
    rmdir(dir);
    return 0;
}
