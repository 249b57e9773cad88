// Tries the syscall ABIs the filter must kill: i386 `int 0x80` and x32 numbers.
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    printf("before\n");
    fflush(stdout);
    long r = -1;
    if (strcmp(argv[1], "int80") == 0) {
        // i386 getpid (20) through the compat entry.
        __asm__ volatile("int $0x80" : "=a"(r) : "a"(20) : "memory");
    } else if (strcmp(argv[1], "x32") == 0) {
        r = syscall(0x40000000 | SYS_getpid);
    } else if (strcmp(argv[1], "x32-write") == 0) {
        r = syscall(0x40000000 | SYS_write, 1, "leak\n", 5);
    }
    printf("survived r=%ld\n", r);
    return 0;
}
