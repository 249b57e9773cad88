// syscalls: openat read getdents64
// expect: same
/* /proc/sys files programs read (core dump handlers, sanitizers, pipe sizing, mmap checks): each
 * opens, holds one newline-ended line, and is listed by its directory. Values are printed only
 * as their shape, since hosts differ. */
#include "common.h"
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>

static void check(const char *dir, const char *name, int numeric) {
    char path[256], buf[512] = {0};
    snprintf(path, sizeof path, "/proc/sys/%s/%s", dir, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) { printf("%s: open %s\n", path, errname(errno)); return; }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    int line = n > 0 && buf[n - 1] == '\n' && memchr(buf, '\n', (size_t)n) == buf + n - 1;
    int digits = n > 1;
    for (ssize_t i = 0; i + 1 < n; i++) if (!isdigit((unsigned char)buf[i]) && buf[i] != '-') digits = 0;
    printf("%s: one line %s, %s\n", path, line ? "yes" : "no", numeric ? (digits ? "a number" : "NOT a number") : "text");

    int listed = 0;
    snprintf(path, sizeof path, "/proc/sys/%s", dir);
    DIR *d = opendir(path);
    for (struct dirent *e; d && (e = readdir(d));) if (strcmp(e->d_name, name) == 0) listed = 1;
    if (d) closedir(d);
    printf("  listed in /proc/sys/%s: %s\n", dir, listed ? "yes" : "no");
}

int main(void) {
    check("kernel", "tainted", 1);
    check("kernel", "core_pattern", 0);
    check("kernel", "core_uses_pid", 1);
    check("kernel", "randomize_va_space", 1);
    check("kernel", "pid_max", 1);
    check("fs", "pipe-user-pages-soft", 1);
    check("fs", "pipe-user-pages-hard", 1);
    check("fs", "pipe-max-size", 1);
    check("vm", "mmap_min_addr", 1);
    check("vm", "overcommit_memory", 1);
    return 0;
}
