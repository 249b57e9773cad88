// syscalls: shmget shmat shmdt shmctl
// expect: same
#include "common.h"
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>

/* System V shared memory with IPC_PRIVATE: create, attach twice, share, stat, remove. */
int main(void) {
    long page = sysconf(_SC_PAGESIZE);
    int id = shmget(IPC_PRIVATE, 2 * page, IPC_CREAT | 0600);
    FACT("shmget IPC_PRIVATE", id >= 0);
    if (id < 0) return 0;
    char *a = shmat(id, NULL, 0);
    char *b = shmat(id, NULL, SHM_RDONLY);
    FACT("shmat rw", a != (void *)-1);
    FACT("shmat rdonly", b != (void *)-1);
    FACT("two attachments differ", a != b);
    strcpy(a, "shared");
    FACT("rdonly mapping sees write", strcmp(b, "shared") == 0);
    struct shmid_ds ds;
    MUST(shmctl(id, IPC_STAT, &ds));
    printf("shm_segsz: %ld pages\n", (long)ds.shm_segsz / page);
    printf("shm_nattch: %lu\n", (unsigned long)ds.shm_nattch);
    printf("mode: %o\n", ds.shm_perm.mode & 0777);
    FACT("cuid == euid", ds.shm_perm.cuid == geteuid());
    FACT("cpid == getpid", ds.shm_cpid == getpid());
    pid_t c = fork();
    MUST(c);
    if (c == 0) { strcpy(a, "child"); _exit(0); }
    int st;
    MUST(waitpid(c, &st, 0));
    FACT("child write visible after fork", strcmp(b, "child") == 0);
    MUST(shmctl(id, IPC_STAT, &ds));
    printf("shm_nattch after child exit: %lu\n", (unsigned long)ds.shm_nattch);
    ds.shm_perm.mode = 0640;
    REPORT("shmctl IPC_SET mode", shmctl(id, IPC_SET, &ds));
    MUST(shmctl(id, IPC_STAT, &ds));
    printf("mode after IPC_SET: %o\n", ds.shm_perm.mode & 0777);
    REPORT("shmdt rdonly", shmdt(b));
    REPORT("shmdt again", shmdt(b));
    REPORT("shmctl IPC_RMID", shmctl(id, IPC_RMID, NULL));
    FACT("still attached after RMID", strcmp(a, "child") == 0);
    REPORT("shmdt rw", shmdt(a));
    REPORT("shmctl IPC_STAT removed", shmctl(id, IPC_STAT, &ds));
    REPORT("shmget huge", shmget(IPC_PRIVATE, (size_t)1 << 62, IPC_CREAT | 0600));
    REPORT("shmget missing key", shmget(0x5afe5afe, page, 0));
    REPORT("shmat bad id", (long)shmat(-1, NULL, 0) == -1 ? -1 : 0);
    return 0;
}
