// syscalls: semget semop semctl semtimedop
// expect: same
#include "common.h"
#include <sys/ipc.h>
#include <sys/sem.h>
#include <time.h>

union semun { int val; struct semid_ds *buf; unsigned short *array; };

/* System V semaphores with IPC_PRIVATE. */
int main(void) {
    int id = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
    FACT("semget IPC_PRIVATE", id >= 0);
    if (id < 0) return 0;
    unsigned short init[3] = { 1, 2, 3 };
    union semun u = { .array = init };
    REPORT("semctl SETALL", semctl(id, 0, SETALL, u));
    printf("GETVAL 2: %d\n", semctl(id, 2, GETVAL));
    struct sembuf ops[2] = { { 0, -1, 0 }, { 1, 5, 0 } };
    REPORT("semop dec0 inc1", semop(id, ops, 2));
    unsigned short out[3];
    u.array = out;
    MUST(semctl(id, 0, GETALL, u));
    printf("values: %u %u %u\n", out[0], out[1], out[2]);
    struct sembuf nb = { 0, -1, IPC_NOWAIT };
    REPORT("semop would block IPC_NOWAIT", semop(id, &nb, 1));
    struct sembuf w = { 0, -1, 0 };
    struct timespec ts = { 0, 30 * 1000000 };
    REPORT("semtimedop times out", semtimedop(id, &w, 1, &ts));
    struct sembuf z = { 1, 0, IPC_NOWAIT };
    REPORT("semop wait-for-zero nonzero", semop(id, &z, 1));
    struct sembuf z0 = { 0, 0, IPC_NOWAIT };
    REPORT("semop wait-for-zero zero", semop(id, &z0, 1));
    FACT("GETPID is us", semctl(id, 1, GETPID) == getpid());
    printf("GETNCNT: %d GETZCNT: %d\n", semctl(id, 0, GETNCNT), semctl(id, 0, GETZCNT));
    struct semid_ds ds;
    u.buf = &ds;
    MUST(semctl(id, 0, IPC_STAT, u));
    printf("sem_nsems: %lu mode: %o\n", (unsigned long)ds.sem_nsems, ds.sem_perm.mode & 0777);
    u.val = 40000;
    REPORT("SETVAL above SEMVMX", semctl(id, 0, SETVAL, u));
    struct sembuf bad = { 7, 1, 0 };
    REPORT("semop bad semnum", semop(id, &bad, 1));
    REPORT("semctl IPC_RMID", semctl(id, 0, IPC_RMID));
    REPORT("semop removed", semop(id, ops, 1));
    REPORT("semget nsems 0 private", semget(IPC_PRIVATE, 0, IPC_CREAT | 0600) >= 0 ? 0 : -1);
    return 0;
}
