/* faultshim: an LD_PRELOAD library that counts, fails or kills at file-system calls.
 *
 * Only calls whose file resolves under FAULTSHIM_PREFIX (HEARTH_HOME) are "matching": for
 * fd calls the path comes from readlink(/proc/self/fd/N), for path calls from the argument
 * (made absolute against dirfd or the working directory). Only the first process that loads
 * the library acts (it records its pid in FAULTSHIM_ROOT); children (the parser processes)
 * inherit the variable and stay passive, except that count mode logs their calls as "child".
 *
 * Environment:
 *   FAULTSHIM_PREFIX  absolute path; required, else the library does nothing
 *   FAULTSHIM_MODE    count | fail | kill  (anything else: pass through)
 *   FAULTSHIM_NTH     1-based index of the matching call to fail or to kill at
 *   FAULTSHIM_ERRNO   errno for fail mode (28 ENOSPC, 5 EIO, ...)
 *   FAULTSHIM_STICKY  1: every matching write/create call from the NTH on fails too (a disk
 *                     that stays full; removing files and syncing still work, and with
 *                     ENOSPC ftruncate does too: truncating needs no space)
 *   FAULTSHIM_SHORT   1: the NTH call, if it writes >= 2 bytes, writes half and returns the
 *                     short count (what a filling disk does); later ones fail if STICKY
 *   FAULTSHIM_GROUPS  comma list of call groups that match (default: all):
 *                     write  write pwrite pwrite64 writev pwritev pwritev64 pwritev2
 *                            pwritev64v2 ftruncate ftruncate64 fallocate fallocate64
 *                            posix_fallocate posix_fallocate64 copy_file_range sendfile
 *                            sendfile64
 *                     sync   fsync fdatasync sync_file_range
 *                     create open open64 openat openat64 creat creat64 (O_CREAT of a file
 *                            that does not exist yet), mkdir mkdirat (of a missing folder),
 *                            rename renameat renameat2 link linkat
 *                     remove unlink unlinkat rmdir
 *   FAULTSHIM_MATCH   only paths containing this string match (optional)
 *   FAULTSHIM_CALL    only calls of this name match, e.g. pwrite64 (optional)
 *   FAULTSHIM_LOG     file to append one line per matching call (count mode) and per fired
 *                     or failed call: "<tag> <n> <call> <bytes> <monotonic s> <path>", tag
 *                     "-" (counted), "FIRED" (the NTH), "FAILED" (sticky) or "child"
 *
 * Kill mode raises SIGKILL before performing the NTH call: the files then hold exactly what
 * a kill -9 at that moment leaves (a SIGKILL never loses the page cache).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

enum { M_OFF, M_COUNT, M_FAIL, M_KILL };
enum { G_WRITE = 1, G_SYNC = 2, G_CREATE = 4, G_REMOVE = 8 };
enum { PASS, FAIL, SHORT };

static int mode = M_OFF;
static pid_t root_pid;
static long nth;
static int fail_errno = EIO;
static int sticky, shortw;
static unsigned groups = G_WRITE | G_SYNC | G_CREATE | G_REMOVE;
static char prefix[4096];
static size_t prefix_len;
static int logfd = -1;
static char match[1024], only_call[64];
static long counter;

static ssize_t (*real_write)(int, const void *, size_t);

__attribute__((constructor)) static void faultshim_init(void) {
    const char *p = getenv("FAULTSHIM_PREFIX");
    const char *m = getenv("FAULTSHIM_MODE");
    const char *root = getenv("FAULTSHIM_ROOT");
    char buf[32];
    real_write = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (root == NULL) {
        snprintf(buf, sizeof buf, "%d", (int)getpid());
        setenv("FAULTSHIM_ROOT", buf, 1);
        root_pid = getpid();
    } else {
        root_pid = (pid_t)atoi(root);
    }
    if (p == NULL || *p == '\0' || m == NULL) return;
    snprintf(prefix, sizeof prefix, "%s", p);
    prefix_len = strlen(prefix);
    while (prefix_len > 1 && prefix[prefix_len - 1] == '/') prefix[--prefix_len] = '\0';
    if (strcmp(m, "count") == 0) mode = M_COUNT;
    else if (strcmp(m, "fail") == 0) mode = M_FAIL;
    else if (strcmp(m, "kill") == 0) mode = M_KILL;
    const char *v;
    if ((v = getenv("FAULTSHIM_NTH"))) nth = atol(v);
    if ((v = getenv("FAULTSHIM_ERRNO"))) fail_errno = atoi(v);
    if ((v = getenv("FAULTSHIM_STICKY"))) sticky = atoi(v);
    if ((v = getenv("FAULTSHIM_SHORT"))) shortw = atoi(v);
    if ((v = getenv("FAULTSHIM_GROUPS")) && *v) {
        groups = 0;
        if (strstr(v, "write")) groups |= G_WRITE;
        if (strstr(v, "sync")) groups |= G_SYNC;
        if (strstr(v, "create")) groups |= G_CREATE;
        if (strstr(v, "remove")) groups |= G_REMOVE;
    }
    if ((v = getenv("FAULTSHIM_MATCH"))) snprintf(match, sizeof match, "%s", v);
    if ((v = getenv("FAULTSHIM_CALL"))) snprintf(only_call, sizeof only_call, "%s", v);
    if ((v = getenv("FAULTSHIM_LOG")) && *v)
        logfd = open(v, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

static void log_line(const char *tag, long n, const char *call, long long bytes, const char *path) {
    char line[4600];
    int len;
    struct timespec ts;
    if (logfd < 0 || real_write == NULL) return;
    clock_gettime(CLOCK_MONOTONIC, &ts); /* the clock of Python's time.monotonic() */
    double t = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    len = snprintf(line, sizeof line, "%s %ld %s %lld %.6f %s\n", tag ? tag : "-", n, call,
                   bytes, t, path);
    if (len > (int)sizeof line) len = sizeof line;
    if (len > 0) real_write(logfd, line, (size_t)len); /* O_APPEND: whole lines, any process */
}

static int under_prefix(const char *path) {
    return prefix_len && strncmp(path, prefix, prefix_len) == 0 &&
           (path[prefix_len] == '/' || path[prefix_len] == '\0');
}

static int fd_path(int fd, char *out, size_t size) {
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, out, size - 1);
    if (n < 0) return -1;
    out[n] = '\0';
    return 0;
}

static void abs_path(int dirfd, const char *path, char *out, size_t size) {
    char dir[4096];
    if (path == NULL) { out[0] = '\0'; return; }
    if (path[0] == '/') { snprintf(out, size, "%s", path); return; }
    if (dirfd == AT_FDCWD) {
        if (getcwd(dir, sizeof dir) == NULL) dir[0] = '\0';
    } else if (fd_path(dirfd, dir, sizeof dir) != 0) {
        dir[0] = '\0';
    }
    snprintf(out, size, "%s/%s", dir, path);
}

/* The decision for one matching call. Never returns in kill mode at the NTH call. */
static int decide(unsigned group, const char *call, const char *path, long long bytes) {
    if (mode == M_OFF || !(groups & group) || !under_prefix(path)) return PASS;
    if ((match[0] && !strstr(path, match)) || (only_call[0] && strcmp(call, only_call)))
        return PASS;
    if (getpid() != root_pid) {
        if (mode == M_COUNT) log_line("child", 0, call, bytes, path);
        return PASS;
    }
    long n = __atomic_add_fetch(&counter, 1, __ATOMIC_SEQ_CST);
    if (mode == M_COUNT) {
        log_line(NULL, n, call, bytes, path);
        return PASS;
    }
    /* Sticky: a full disk refuses what needs space; deleting and syncing still work. */
    if (nth <= 0 || n < nth || (n > nth && !(sticky && (group & (G_WRITE | G_CREATE)))))
        return PASS;
    /* Truncating never needs space: a full disk lets it through (the disk is full from
     * the NTH call on all the same). */
    if (mode == M_FAIL && fail_errno == ENOSPC && strncmp(call, "ftruncate", 9) == 0) {
        if (n == nth) log_line("FIRED", n, call, bytes, path);
        return PASS;
    }
    log_line(n == nth ? "FIRED" : "FAILED", n, call, bytes, path);
    if (mode == M_KILL) {
        raise(SIGKILL);
        for (;;) pause();
    }
    if (n == nth && shortw && bytes >= 2 && group == G_WRITE) return SHORT;
    return FAIL;
}

static int decide_fd(unsigned group, const char *call, int fd, long long bytes) {
    char path[4096];
    if (mode == M_OFF || !(groups & group)) return PASS;
    if (fd_path(fd, path, sizeof path) != 0) return PASS;
    return decide(group, call, path, bytes);
}

static int decide_at(unsigned group, const char *call, int dirfd, const char *p) {
    char path[4096];
    if (mode == M_OFF || !(groups & group)) return PASS;
    abs_path(dirfd, p, path, sizeof path);
    return decide(group, call, path, 0);
}

static int decide_at2(unsigned group, const char *call, int fd1, const char *p1, int fd2,
                      const char *p2) {
    char a[4096], b[4096];
    if (mode == M_OFF || !(groups & group)) return PASS;
    abs_path(fd1, p1, a, sizeof a);
    abs_path(fd2, p2, b, sizeof b);
    return decide(group, call, under_prefix(a) ? a : b, 0);
}

static int missing(int dirfd, const char *p) {
    struct stat st;
    int saved = errno;
    int gone = fstatat(dirfd, p, &st, AT_SYMLINK_NOFOLLOW) != 0 && errno == ENOENT;
    errno = saved;
    return gone;
}

#define REAL(name, ret, ...)                                              \
    static ret (*real_##name)(__VA_ARGS__);                               \
    if (!real_##name) real_##name = (ret(*)(__VA_ARGS__))dlsym(RTLD_NEXT, #name)

#define FAILED_WITH(value) do { errno = fail_errno; return (value); } while (0)

/* ---- write group -------------------------------------------------------------------- */

ssize_t write(int fd, const void *buf, size_t count) {
    REAL(write, ssize_t, int, const void *, size_t);
    int d = decide_fd(G_WRITE, "write", fd, (long long)count);
    if (d == FAIL) FAILED_WITH(-1);
    if (d == SHORT) return real_write(fd, buf, count / 2);
    return real_write(fd, buf, count);
}

#define PWRITE(name, off_t_)                                                   \
    ssize_t name(int fd, const void *buf, size_t count, off_t_ offset) {       \
        REAL(name, ssize_t, int, const void *, size_t, off_t_);                \
        int d = decide_fd(G_WRITE, #name, fd, (long long)count);               \
        if (d == FAIL) FAILED_WITH(-1);                                        \
        if (d == SHORT) return real_##name(fd, buf, count / 2, offset);        \
        return real_##name(fd, buf, count, offset);                            \
    }
PWRITE(pwrite, off_t)
PWRITE(pwrite64, off64_t)

static long long iov_bytes(const struct iovec *iov, int n) {
    long long total = 0;
    for (int i = 0; i < n; i++) total += (long long)iov[i].iov_len;
    return total;
}

/* The first half of an iovec list (for a short write). */
static int iov_half(const struct iovec *iov, int n, struct iovec *out) {
    long long want = iov_bytes(iov, n) / 2;
    int k = 0;
    for (int i = 0; i < n && want > 0 && k < 1024; i++) {
        out[k] = iov[i];
        if ((long long)out[k].iov_len > want) out[k].iov_len = (size_t)want;
        want -= (long long)out[k].iov_len;
        k++;
    }
    return k;
}

ssize_t writev(int fd, const struct iovec *iov, int n) {
    REAL(writev, ssize_t, int, const struct iovec *, int);
    int d = decide_fd(G_WRITE, "writev", fd, iov_bytes(iov, n));
    if (d == FAIL) FAILED_WITH(-1);
    if (d == SHORT) {
        struct iovec half[1024];
        return real_writev(fd, half, iov_half(iov, n, half));
    }
    return real_writev(fd, iov, n);
}

#define PWRITEV(name, off_t_)                                                  \
    ssize_t name(int fd, const struct iovec *iov, int n, off_t_ offset) {      \
        REAL(name, ssize_t, int, const struct iovec *, int, off_t_);           \
        int d = decide_fd(G_WRITE, #name, fd, iov_bytes(iov, n));              \
        if (d == FAIL) FAILED_WITH(-1);                                        \
        if (d == SHORT) {                                                      \
            struct iovec half[1024];                                           \
            return real_##name(fd, half, iov_half(iov, n, half), offset);      \
        }                                                                      \
        return real_##name(fd, iov, n, offset);                                \
    }
PWRITEV(pwritev, off_t)
PWRITEV(pwritev64, off64_t)

#define PWRITEV2(name, off_t_)                                                           \
    ssize_t name(int fd, const struct iovec *iov, int n, off_t_ offset, int flags) {     \
        REAL(name, ssize_t, int, const struct iovec *, int, off_t_, int);                \
        int d = decide_fd(G_WRITE, #name, fd, iov_bytes(iov, n));                        \
        if (d == FAIL) FAILED_WITH(-1);                                                  \
        if (d == SHORT) {                                                                \
            struct iovec half[1024];                                                     \
            return real_##name(fd, half, iov_half(iov, n, half), offset, flags);         \
        }                                                                                \
        return real_##name(fd, iov, n, offset, flags);                                   \
    }
PWRITEV2(pwritev2, off_t)
PWRITEV2(pwritev64v2, off64_t)

#define TRUNCATE(name, off_t_)                                                 \
    int name(int fd, off_t_ length) {                                          \
        REAL(name, int, int, off_t_);                                          \
        if (decide_fd(G_WRITE, #name, fd, (long long)length) != PASS)          \
            FAILED_WITH(-1);                                                   \
        return real_##name(fd, length);                                        \
    }
TRUNCATE(ftruncate, off_t)
TRUNCATE(ftruncate64, off64_t)

#define FALLOCATE(name, off_t_)                                                \
    int name(int fd, int fmode, off_t_ offset, off_t_ len) {                   \
        REAL(name, int, int, int, off_t_, off_t_);                             \
        if (decide_fd(G_WRITE, #name, fd, (long long)len) != PASS)             \
            FAILED_WITH(-1);                                                   \
        return real_##name(fd, fmode, offset, len);                            \
    }
FALLOCATE(fallocate, off_t)
FALLOCATE(fallocate64, off64_t)

/* posix_fallocate returns the error number instead of setting errno. */
#define POSIX_FALLOCATE(name, off_t_)                                          \
    int name(int fd, off_t_ offset, off_t_ len) {                              \
        REAL(name, int, int, off_t_, off_t_);                                  \
        if (decide_fd(G_WRITE, #name, fd, (long long)len) != PASS)             \
            return fail_errno;                                                 \
        return real_##name(fd, offset, len);                                   \
    }
POSIX_FALLOCATE(posix_fallocate, off_t)
POSIX_FALLOCATE(posix_fallocate64, off64_t)

ssize_t copy_file_range(int in, off64_t *in_off, int out, off64_t *out_off, size_t len,
                        unsigned int flags) {
    REAL(copy_file_range, ssize_t, int, off64_t *, int, off64_t *, size_t, unsigned int);
    int d = decide_fd(G_WRITE, "copy_file_range", out, (long long)len);
    if (d == FAIL) FAILED_WITH(-1);
    if (d == SHORT) len /= 2;
    return real_copy_file_range(in, in_off, out, out_off, len, flags);
}

#define SENDFILE(name, off_t_)                                                 \
    ssize_t name(int out, int in, off_t_ *offset, size_t count) {              \
        REAL(name, ssize_t, int, int, off_t_ *, size_t);                       \
        int d = decide_fd(G_WRITE, #name, out, (long long)count);              \
        if (d == FAIL) FAILED_WITH(-1);                                        \
        if (d == SHORT) count /= 2;                                            \
        return real_##name(out, in, offset, count);                            \
    }
SENDFILE(sendfile, off_t)
SENDFILE(sendfile64, off64_t)

/* ---- sync group ---------------------------------------------------------------------- */

int fsync(int fd) {
    REAL(fsync, int, int);
    if (decide_fd(G_SYNC, "fsync", fd, 0) != PASS) FAILED_WITH(-1);
    return real_fsync(fd);
}

int fdatasync(int fd) {
    REAL(fdatasync, int, int);
    if (decide_fd(G_SYNC, "fdatasync", fd, 0) != PASS) FAILED_WITH(-1);
    return real_fdatasync(fd);
}

int sync_file_range(int fd, off64_t offset, off64_t nbytes, unsigned int flags) {
    REAL(sync_file_range, int, int, off64_t, off64_t, unsigned int);
    if (decide_fd(G_SYNC, "sync_file_range", fd, (long long)nbytes) != PASS) FAILED_WITH(-1);
    return real_sync_file_range(fd, offset, nbytes, flags);
}

/* ---- create group -------------------------------------------------------------------- */

static int creates(int dirfd, const char *path, int flags) {
    return (flags & O_CREAT) && missing(dirfd, path);
}

#define OPEN(name)                                                             \
    int name(const char *path, int flags, ...) {                               \
        REAL(name, int, const char *, int, ...);                               \
        mode_t m = 0;                                                          \
        if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) {            \
            va_list ap;                                                        \
            va_start(ap, flags);                                               \
            m = (mode_t)va_arg(ap, int);                                       \
            va_end(ap);                                                        \
        }                                                                      \
        if (creates(AT_FDCWD, path, flags) &&                                  \
            decide_at(G_CREATE, #name, AT_FDCWD, path) != PASS)                \
            FAILED_WITH(-1);                                                   \
        return real_##name(path, flags, m);                                    \
    }
OPEN(open)
OPEN(open64)

#define OPENAT(name)                                                           \
    int name(int dirfd, const char *path, int flags, ...) {                    \
        REAL(name, int, int, const char *, int, ...);                          \
        mode_t m = 0;                                                          \
        if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) {            \
            va_list ap;                                                        \
            va_start(ap, flags);                                               \
            m = (mode_t)va_arg(ap, int);                                       \
            va_end(ap);                                                        \
        }                                                                      \
        if (creates(dirfd, path, flags) &&                                     \
            decide_at(G_CREATE, #name, dirfd, path) != PASS)                   \
            FAILED_WITH(-1);                                                   \
        return real_##name(dirfd, path, flags, m);                             \
    }
OPENAT(openat)
OPENAT(openat64)

#define CREAT(name)                                                            \
    int name(const char *path, mode_t m) {                                     \
        REAL(name, int, const char *, mode_t);                                 \
        if (missing(AT_FDCWD, path) &&                                         \
            decide_at(G_CREATE, #name, AT_FDCWD, path) != PASS)                \
            FAILED_WITH(-1);                                                   \
        return real_##name(path, m);                                           \
    }
CREAT(creat)
CREAT(creat64)

int mkdir(const char *path, mode_t m) {
    REAL(mkdir, int, const char *, mode_t);
    if (missing(AT_FDCWD, path) && decide_at(G_CREATE, "mkdir", AT_FDCWD, path) != PASS)
        FAILED_WITH(-1);
    return real_mkdir(path, m);
}

int mkdirat(int dirfd, const char *path, mode_t m) {
    REAL(mkdirat, int, int, const char *, mode_t);
    if (missing(dirfd, path) && decide_at(G_CREATE, "mkdirat", dirfd, path) != PASS)
        FAILED_WITH(-1);
    return real_mkdirat(dirfd, path, m);
}

int rename(const char *a, const char *b) {
    REAL(rename, int, const char *, const char *);
    if (decide_at2(G_CREATE, "rename", AT_FDCWD, a, AT_FDCWD, b) != PASS) FAILED_WITH(-1);
    return real_rename(a, b);
}

int renameat(int fa, const char *a, int fb, const char *b) {
    REAL(renameat, int, int, const char *, int, const char *);
    if (decide_at2(G_CREATE, "renameat", fa, a, fb, b) != PASS) FAILED_WITH(-1);
    return real_renameat(fa, a, fb, b);
}

int renameat2(int fa, const char *a, int fb, const char *b, unsigned int flags) {
    REAL(renameat2, int, int, const char *, int, const char *, unsigned int);
    if (decide_at2(G_CREATE, "renameat2", fa, a, fb, b) != PASS) FAILED_WITH(-1);
    return real_renameat2(fa, a, fb, b, flags);
}

int link(const char *a, const char *b) {
    REAL(link, int, const char *, const char *);
    if (decide_at2(G_CREATE, "link", AT_FDCWD, a, AT_FDCWD, b) != PASS) FAILED_WITH(-1);
    return real_link(a, b);
}

int linkat(int fa, const char *a, int fb, const char *b, int flags) {
    REAL(linkat, int, int, const char *, int, const char *, int);
    if (decide_at2(G_CREATE, "linkat", fa, a, fb, b) != PASS) FAILED_WITH(-1);
    return real_linkat(fa, a, fb, b, flags);
}

/* ---- remove group -------------------------------------------------------------------- */

int unlink(const char *path) {
    REAL(unlink, int, const char *);
    if (decide_at(G_REMOVE, "unlink", AT_FDCWD, path) != PASS) FAILED_WITH(-1);
    return real_unlink(path);
}

int unlinkat(int dirfd, const char *path, int flags) {
    REAL(unlinkat, int, int, const char *, int);
    if (decide_at(G_REMOVE, "unlinkat", dirfd, path) != PASS) FAILED_WITH(-1);
    return real_unlinkat(dirfd, path, flags);
}

int rmdir(const char *path) {
    REAL(rmdir, int, const char *);
    if (decide_at(G_REMOVE, "rmdir", AT_FDCWD, path) != PASS) FAILED_WITH(-1);
    return real_rmdir(path);
}
