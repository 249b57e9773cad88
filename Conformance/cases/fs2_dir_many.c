// syscalls: getdents64 getdents openat mkdir mknodat symlink close
// expect: same
/* A directory with 500 entries (files, dirs, symlinks, fifos): getdents64 with several buffer
 * sizes returns every name exactly once with its d_type, plus . and ..; getdents (old) agrees. */
#include "fs2_util.h"
#include <dirent.h>

#define N 500
static int seen[N];

static void scan(const char *label, size_t bufsize, int old) {
    memset(seen, 0, sizeof seen);
    int fd = open("big", O_RDONLY | O_DIRECTORY);
    MUST(fd);
    char *buf = malloc(bufsize);
    int total = 0, dots = 0, dup = 0, bad = 0, wrongtype = 0, calls = 0;
    for (;;) {
        long got = syscall(old ? SYS_getdents : SYS_getdents64, fd, buf, bufsize);
        if (got < 0) { printf("%s: %s\n", label, errname(errno)); break; }
        if (got == 0) break;
        calls++;
        for (long off = 0; off < got;) {
            const char *name; unsigned char t; unsigned short reclen;
            if (old) {
                reclen = *(unsigned short *)(buf + off + 16);
                name = buf + off + 18;
                t = buf[off + reclen - 1];
            } else {
                struct dirent64 *d = (struct dirent64 *)(buf + off);
                reclen = d->d_reclen; name = d->d_name; t = d->d_type;
            }
            if (reclen % 8) bad++;
            off += reclen;
            total++;
            if (!strcmp(name, ".") || !strcmp(name, "..")) { dots++; if (t != DT_DIR) wrongtype++; continue; }
            int i; char k;
            if (sscanf(name, "%c%03d", &k, &i) != 2 || i < 0 || i >= N) { bad++; continue; }
            if (seen[i]++) dup++;
            unsigned char want = i % 4 == 0 ? DT_REG : i % 4 == 1 ? DT_DIR : i % 4 == 2 ? DT_LNK : DT_FIFO;
            char wk = "fdlp"[i % 4];
            if (t != want || k != wk) wrongtype++;
        }
    }
    int missing = 0;
    for (int i = 0; i < N; i++) if (!seen[i]) missing++;
    printf("%s: total=%d dots=%d missing=%d duplicates=%d bad=%d wrong-type=%d several-calls=%s\n",
           label, total, dots, missing, dup, bad, wrongtype, calls > 1 ? "yes" : "no");
    free(buf);
    close(fd);
}

int main(void) {
    enter_scratch("fs2-many");
    MUST(mkdir("big", 0755));
    char p[64];
    for (int i = 0; i < N; i++) {
        snprintf(p, sizeof p, "big/%c%03d", "fdlp"[i % 4], i);
        switch (i % 4) {
        case 0: MUST(close(open(p, O_CREAT | O_WRONLY, 0644))); break;
        case 1: MUST(mkdir(p, 0755)); break;
        case 2: MUST(symlink("f000", p)); break;
        case 3: MUST(mknod(p, S_IFIFO | 0644, 0)); break;
        }
    }
    struct stat st;
    MUST(stat("big", &st));
    printf("nlink of big (2 + 125 subdirs): %ld\n", (long)st.st_nlink);
    scan("getdents64 32 KiB", 32768, 0);
    scan("getdents64 4 KiB", 4096, 0);
    scan("getdents64 100 bytes", 100, 0);
    scan("getdents 4 KiB", 4096, 1);
    scan("getdents 64 bytes", 64, 1);
    DIR *d = opendir("big");
    int n = 0;
    while (readdir(d)) n++;
    closedir(d);
    printf("readdir count: %d\n", n);
    leave_scratch();
    return 0;
}
