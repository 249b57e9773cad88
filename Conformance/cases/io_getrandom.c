// syscalls: getrandom openat read
// expect: same
/* getrandom: flags (0, GRND_NONBLOCK, GRND_RANDOM, GRND_INSECURE), bad flags, large requests,
 * zero length, bad buffer; outputs differ between calls; /dev/urandom reads. */
#include "common.h"
#include <fcntl.h>
#include <sys/random.h>

#ifndef GRND_INSECURE
#define GRND_INSECURE 4
#endif

static void try(const char *label, size_t len, unsigned flags) {
    static unsigned char buf[1 << 20];
    ssize_t n = getrandom(buf, len, flags);
    if (n < 0) printf("%s: %s\n", label, errname(errno));
    else printf("%s: %s\n", label, (size_t)n == len ? "full length" : n > 0 ? "partial" : "zero");
}

int main(void) {
    try("getrandom 16 flags 0", 16, 0);
    try("getrandom 16 GRND_NONBLOCK", 16, GRND_NONBLOCK);
    try("getrandom 16 GRND_RANDOM", 16, GRND_RANDOM);
    try("getrandom 16 GRND_RANDOM|GRND_NONBLOCK", 16, GRND_RANDOM | GRND_NONBLOCK);
    try("getrandom 16 GRND_INSECURE", 16, GRND_INSECURE);
    try("getrandom GRND_INSECURE|GRND_RANDOM", 16, GRND_INSECURE | GRND_RANDOM);
    try("getrandom bad flags", 16, 0x40);
    try("getrandom 0 bytes", 0, 0);
    try("getrandom 256 bytes", 256, 0);
    try("getrandom 4096 bytes", 4096, 0);
    ssize_t n = getrandom((void *)1, 16, 0);
    printf("getrandom bad buffer: %s\n", n < 0 ? errname(errno) : "ok");
    static unsigned char big[1 << 26];
    n = getrandom(big, sizeof big, 0);
    printf("getrandom 64 MiB: %s\n", n < 0 ? errname(errno) : (n > 0 && n <= (ssize_t)sizeof big) ? "some bytes" : "zero");
    FACT("getrandom 64 MiB returns all of it", n == (ssize_t)sizeof big);

    unsigned char a[32], b[32];
    getrandom(a, sizeof a, 0);
    getrandom(b, sizeof b, 0);
    FACT("two draws differ", memcmp(a, b, sizeof a) != 0);
    int nonzero = 0;
    for (size_t i = 0; i < sizeof a; i++) nonzero |= a[i];
    FACT("draw is not all zero", nonzero != 0);
    int hist[256] = {0};
    getrandom(big, 1 << 20, 0);
    for (int i = 0; i < 1 << 20; i++) hist[big[i]]++;
    int ok = 1;
    for (int i = 0; i < 256; i++) ok &= hist[i] > 3000 && hist[i] < 5200;
    FACT("1 MiB roughly uniform", ok);

    int fd = open("/dev/urandom", O_RDONLY);
    FACT("open /dev/urandom", fd >= 0);
    printf("read /dev/urandom 64: %zd\n", read(fd, a, 32) + read(fd, b, 32));
    FACT("urandom reads differ", memcmp(a, b, 32) != 0);
    fd = open("/dev/random", O_RDONLY | O_NONBLOCK);
    FACT("open /dev/random", fd >= 0);
    printf("read /dev/random nonblocking 16: %zd\n", read(fd, a, 16));
    return 0;
}
