// syscalls: openat mmap read close
// expect: same
/* /proc/self/maps gives a mapped file's name byte for byte, UTF-8 or not. */
#include "common.h"
#include <fcntl.h>
#include <sys/mman.h>

int main(void) {
    const char name[] = "/tmp/conf-maps-\xc0\x80\xff-name.so";
    int fd = open(name, O_CREAT | O_RDWR | O_TRUNC | O_CLOEXEC, 0644);
    MUST(fd);
    char page[4096] = {0};
    MUST(write(fd, page, sizeof page));
    void *m = mmap(NULL, sizeof page, PROT_READ, MAP_SHARED, fd, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    static char maps[1 << 20];
    int mfd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    MUST(mfd);
    size_t n = 0;
    for (ssize_t r; (r = read(mfd, maps + n, sizeof maps - 1 - n)) > 0;) n += (size_t)r;
    close(mfd);
    maps[n] = 0;
    int found = 0;
    for (char *line = strtok(maps, "\n"); line; line = strtok(NULL, "\n")) {
        size_t len = strlen(line);
        if (len >= strlen(name) && strcmp(line + len - strlen(name), name) == 0) found = 1;
    }
    FACT("the mapping's name is exact", found);
    munmap(m, sizeof page);
    close(fd);
    unlink(name);
    return 0;
}
