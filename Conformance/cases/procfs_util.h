/* Helpers shared by the procfs_ cases: whole files, lines and fields of /proc. */
#pragma once
#include <fcntl.h>

/* Whole file into buf (NUL-terminated); length or -1. procfs sizes are 0: read to EOF. */
static ssize_t slurp(const char *path, char *buf, size_t size) {
    buf[0] = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    size_t n = 0;
    for (;;) {
        ssize_t r = read(fd, buf + n, size - 1 - n);
        if (r < 0) { int e = errno; close(fd); errno = e; return -1; }
        if (r == 0 || n + r >= size - 1) { n += r; break; }
        n += r;
    }
    close(fd);
    buf[n] = 0;
    return (ssize_t)n;
}

/* The value after "Key:" in a status-like text (leading blanks skipped, up to the newline). */
static const char *field(const char *text, const char *key, char *out, size_t size) {
    size_t k = strlen(key);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        if (strncmp(p, key, k) == 0 && p[k] == ':') {
            p += k + 1;
            while (*p == ' ' || *p == '\t') p++;
            size_t n = strcspn(p, "\n");
            if (n >= size) n = size - 1;
            memcpy(out, p, n);
            out[n] = 0;
            return out;
        }
    }
    return NULL;
}

/* A stat line split into fields 1..n (field 2 is the comm without parentheses). */
struct statline { int n; char comm[64]; char *f[64]; char buf[4096]; };

static int parse_stat(const char *path, struct statline *s) {
    memset(s, 0, sizeof *s);
    if (slurp(path, s->buf, sizeof s->buf) < 0) return -1;
    char *o = strchr(s->buf, '('), *c = strrchr(s->buf, ')');
    if (!o || !c || c < o) return -1;
    size_t cl = c - o - 1;
    if (cl >= sizeof s->comm) cl = sizeof s->comm - 1;
    memcpy(s->comm, o + 1, cl);
    *o = 0;
    s->f[1] = strtok(s->buf, " ");
    s->f[2] = s->comm;
    s->n = 2;
    for (char *t = strtok(c + 1, " \n"); t && s->n < 63; t = strtok(NULL, " \n")) s->f[++s->n] = t;
    return 0;
}

static long num(const char *s) { return s ? strtol(s, NULL, 10) : -1; }
