/* net_send HOST PORT BYTES [CHUNK]
 * Opens one TCP connection to HOST:PORT (IPv4; net_server at the other end), writes BYTES with
 * write(2) in CHUNK-byte calls (default 65536; partial writes are continued), then
 * shutdown(SHUT_WR) and reads until the server closes. The server answers the EOF with the count
 * of bytes it received, which must equal BYTES. Timed from the first write to that EOF, so the time
 * covers delivery of the last byte; connect is not timed. write(2), not send/sendmsg: a brokered
 * sandbox may trap the msg calls but must leave read/write on a connected socket native.
 * Output (MB = 10^6 bytes):
 *   throughput_mbs value=... bytes=... seconds=... writes=...
 * Any failure, or a count that does not match, ends the program with exit 1. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv) {
    struct sockaddr_in addr = { .sin_family = AF_INET };
    long long bytes = argc >= 4 ? atoll(argv[3]) : 0;
    long chunk = argc >= 5 ? atol(argv[4]) : 65536;
    addr.sin_port = htons(argc >= 4 ? atoi(argv[2]) : 0);
    if (argc < 4 || argc > 5 || bytes < 1 || chunk < 1 || chunk > (1 << 24) || !addr.sin_port ||
        inet_pton(AF_INET, argv[1], &addr.sin_addr) != 1) {
        fprintf(stderr, "usage: net_send HOST PORT BYTES [CHUNK]\n");
        return 2;
    }
    char *buf = malloc(chunk);
    memset(buf, 0x5a, chunk);
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0 || connect(s, (struct sockaddr *)&addr, sizeof addr) != 0) {
        perror("net_send: connect");
        return 1;
    }
    long long left = bytes, writes = 0, start = now_ns();
    while (left > 0) {
        size_t len = left < chunk ? (size_t)left : (size_t)chunk, off = 0;
        while (off < len) {
            ssize_t w = write(s, buf + off, len - off);
            if (w <= 0) { perror("net_send: write"); return 1; }
            off += w;
            writes++;
        }
        left -= len;
    }
    if (shutdown(s, SHUT_WR) != 0) { perror("net_send: shutdown"); return 1; }
    uint64_t got = 0;
    size_t have = 0;
    char extra;
    for (;;) { /* the 8-byte count, then EOF */
        ssize_t r = have < sizeof got ? read(s, (char *)&got + have, sizeof got - have) : read(s, &extra, 1);
        if (r < 0) { perror("net_send: read"); return 1; }
        if (r == 0) break;
        have += r;
    }
    double seconds = (now_ns() - start) / 1e9;
    if (have != sizeof got || (long long)got != bytes) {
        fprintf(stderr, "net_send: server received %llu of %lld bytes\n", (unsigned long long)got, bytes);
        return 1;
    }
    printf("throughput_mbs value=%.1f bytes=%lld seconds=%.4f writes=%lld\n", bytes / seconds / 1e6,
           bytes, seconds, writes);
    close(s);
    return 0;
}
