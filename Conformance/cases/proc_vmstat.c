// syscalls: openat read
// expect: same
/* /proc/vmstat, which procps' vmstat needs: "name value" lines, with the page and swap counters
 * tools read (values differ from host to sandbox, so only their shape is printed). */
#include "common.h"
#include <ctype.h>
#include <fcntl.h>

int main(void) {
    static char buf[1 << 16];
    int fd = open("/proc/vmstat", O_RDONLY | O_CLOEXEC);
    if (fd < 0) { printf("open /proc/vmstat: %s\n", errname(errno)); return 0; }
    size_t n = 0;
    for (ssize_t r; (r = read(fd, buf + n, sizeof buf - 1 - n)) > 0;) n += (size_t)r;
    close(fd);
    buf[n] = 0;
    int lines = 0, shaped = 1;
    const char *wanted[] = {"nr_free_pages", "pgpgin", "pgpgout", "pswpin", "pswpout", "pgfault", "pgmajfault"};
    int found[7] = {0};
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        lines++;
        char *space = strchr(line, ' ');
        if (!space || space == line) { shaped = 0; continue; }
        for (char *c = space + 1; *c; c++) if (!isdigit((unsigned char)*c) && *c != '-') shaped = 0;
        *space = 0;
        for (int i = 0; i < 7; i++) if (!strcmp(line, wanted[i])) found[i] = 1;
    }
    FACT("has lines", lines > 0);
    FACT("every line is name and number", shaped);
    for (int i = 0; i < 7; i++) printf("%s: %s\n", wanted[i], found[i] ? "present" : "absent");
    return 0;
}
