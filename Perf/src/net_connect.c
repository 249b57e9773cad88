/* net_connect HOST PORT N
 * N sequential TCP connections to HOST:PORT (IPv4), after 20 untimed warm-up ones. Each is timed
 * from just before socket() to the return of close(): socket, a blocking connect (the three-way
 * handshake), close. Nothing is sent. Output, in microseconds per connection:
 *   connect_us mean=... median=... min=... p90=... max=... n=...
 * Any failed call ends the program with exit 1. In safehouse with --allow-net HOST:PORT the
 * connect is performed by the supervisor and the connected socket installed into the guest. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int cmp(const void *a, const void *b) {
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

static struct sockaddr_in addr;

static void one(void) {
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) { perror("net_connect: socket"); exit(1); }
    if (connect(s, (struct sockaddr *)&addr, sizeof addr) != 0) { perror("net_connect: connect"); exit(1); }
    if (close(s) != 0) { perror("net_connect: close"); exit(1); }
}

int main(int argc, char **argv) {
    int n = argc == 4 ? atoi(argv[3]) : 0;
    addr.sin_family = AF_INET;
    addr.sin_port = htons(argc == 4 ? atoi(argv[2]) : 0);
    if (n < 1 || !addr.sin_port || inet_pton(AF_INET, argv[1], &addr.sin_addr) != 1) {
        fprintf(stderr, "usage: net_connect HOST PORT N\n");
        return 2;
    }
    long long *t = calloc(n, sizeof *t), sum = 0;
    for (int i = 0; i < 20; i++) one();
    for (int i = 0; i < n; i++) {
        long long start = now_ns();
        one();
        t[i] = now_ns() - start;
        sum += t[i];
    }
    qsort(t, n, sizeof *t, cmp);
    printf("connect_us mean=%.2f median=%.2f min=%.2f p90=%.2f max=%.2f n=%d\n", sum / 1e3 / n,
           t[n / 2] / 1e3, t[0] / 1e3, t[n * 9 / 10] / 1e3, t[n - 1] / 1e3, n);
    return 0;
}
