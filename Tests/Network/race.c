// TOCTOU race on the destination address (case race of Tests/Network/run).
//
//   race tcp|udp ADDR ALLOWED_PORT FORBIDDEN_PORT ITERATIONS
//
// A second thread flips the port of one shared sockaddr_in between ALLOWED_PORT and
// FORBIDDEN_PORT in a tight loop while the main thread calls connect() on a new TCP socket (tcp)
// or sendto() on one UDP socket (udp) with that very sockaddr, ITERATIONS times. A supervisor that
// checks the address in guest memory and then lets the kernel read it again lets some calls reach
// the forbidden port; the lab's servers on that port count them.
//
// Prints one line: "RESULT mode=.. iterations=.. ok=.. eacces=.. other=.. other_errno=..
// peer_allowed=.. peer_forbidden=.." (peer_* only for tcp: getpeername after a successful connect).
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static volatile struct sockaddr_in shared;
static volatile int stop;
static uint16_t allowed, forbidden;

static void *flipper(void *arg) {
    (void)arg;
    uint16_t a = htons(allowed), f = htons(forbidden);
    while (!stop) {
        shared.sin_port = a;
        shared.sin_port = f;
    }
    shared.sin_port = a;
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: race tcp|udp ADDR ALLOWED_PORT FORBIDDEN_PORT ITERATIONS\n");
        return 2;
    }
    int tcp = strcmp(argv[1], "tcp") == 0;
    allowed = (uint16_t)atoi(argv[3]);
    forbidden = (uint16_t)atoi(argv[4]);
    int iterations = atoi(argv[5]);
    memset((void *)&shared, 0, sizeof shared);
    shared.sin_family = AF_INET;
    shared.sin_port = htons(allowed);
    if (inet_pton(AF_INET, argv[2], (void *)&shared.sin_addr) != 1) {
        fprintf(stderr, "bad address %s\n", argv[2]);
        return 2;
    }
    pthread_t thread;
    pthread_create(&thread, NULL, flipper, NULL);

    int ok = 0, eacces = 0, other = 0, other_errno = 0, peer_allowed = 0, peer_forbidden = 0;
    int udp = -1;
    if (!tcp) udp = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    char drain[512];
    for (int i = 0; i < iterations; i++) {
        int r;
        if (tcp) {
            int s = socket(AF_INET, SOCK_STREAM, 0);
            r = connect(s, (struct sockaddr *)&shared, sizeof shared);
            if (r == 0) {
                struct sockaddr_in peer;
                socklen_t len = sizeof peer;
                if (getpeername(s, (struct sockaddr *)&peer, &len) == 0) {
                    if (ntohs(peer.sin_port) == forbidden) peer_forbidden++;
                    else peer_allowed++;
                }
            }
            int e = errno;
            close(s);
            errno = e;
        } else {
            r = sendto(udp, "race", 4, 0, (struct sockaddr *)&shared, sizeof shared) == 4 ? 0 : -1;
            int e = errno;  // the drain below leaves EAGAIN behind
            while (recv(udp, drain, sizeof drain, MSG_DONTWAIT) > 0) {
            }
            errno = e;
        }
        if (r == 0) ok++;
        else if (errno == EACCES) eacces++;
        else {
            other++;
            other_errno = errno;
        }
    }
    stop = 1;
    pthread_join(thread, NULL);
    printf("RESULT mode=%s iterations=%d ok=%d eacces=%d other=%d other_errno=%s "
           "peer_allowed=%d peer_forbidden=%d\n",
           argv[1], iterations, ok, eacces, other, other ? strerrorname_np(other_errno) : "0",
           peer_allowed, peer_forbidden);
    return 0;
}
