// The `multi` (and `multi-ipam`) executable the container runtime calls: the thick-mode shim (node-daemon.md, sections 2
// and 3; docs/design.md, "Thick mode: the shim"). It only forwards: when the configuration on stdin names the node
// daemon's socket and the daemon answers, its answer is printed as this plugin's own. Everything else is the engine's:
// `multi-engine` (NativeAOT, next to this file) is exec'd in this same process with the same environment, arguments and
// stdin -- on VERSION, when no socket is configured or the configuration is anything but plain, and after any failure to
// use the daemon (then with `--in-process` and one stderr line saying why, the engine's own wording). The engine repeats
// every check this file skips, so a request the shim passes on behaves exactly as without a shim.
//
// Why C: a pod pays for two shim starts (ADD and DEL). A static C program starts in about 1/3 of the time of the smallest
// NativeAOT program (no runtime, no GC heap, ~50 page faults instead of ~140), and a NativeAOT program that links the
// engine costs twice that again (bench/results/meta-plugin.md).
//
// Wire format: src/Core/Daemon/DaemonProtocol.cs (the golden bytes are tested there; tests/Multi.MetaPlugin.Tests/Shim
// run this executable against a fake daemon for every fallback reason).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MAX_DOCUMENT_BYTES (1024 * 1024)       // InputLimits.MaxDocumentBytes
#define MAX_VARIABLE_BYTES (64 * 1024)         // DaemonProtocol.MaxVariableBytes
#define MAX_RESPONSE_BODY (16 * 1024 * 1024)   // DaemonProtocol.MaxResponseBodyBytes
#define HEADER_BYTES 12
#define REQUEST_MAGIC 0x51544C4Du              // "MLTQ"
#define RESPONSE_MAGIC 0x41544C4Du             // "MLTA"
#define PROTOCOL_VERSION 1
#define CONNECT_BOUND_MS 1000                  // DaemonClient.ConnectBound
#define MARGIN_SECONDS 2.0                     // DaemonTargetScanner.Margin
#define DEFAULT_DELEGATE_TIMEOUT 60.0
#define MAX_DELEGATE_TIMEOUT 3600.0
#define IPAM_WAIT_SECONDS 62.0                 // DaemonTargetScanner.IpamWait
#define MAX_JSON_DEPTH 64
#define ENGINE_NAME "multi-engine"
#define IN_PROCESS_FLAG "--in-process"

enum plugin { PLUGIN_MULTI = 1, PLUGIN_IPAM = 2 };
enum status { ANSWERED = 0, VERSION_MISMATCH = 1, UNAVAILABLE = 2, REFUSED = 3 };

struct buffer {
    unsigned char *data;
    size_t length;
};

static char **saved_argv;
static struct buffer input;
static int input_read;

// ---------------------------------------------------------------------------------------------------------- the engine

static void write_all(int fd, const unsigned char *data, size_t length) {
    while (length > 0) {
        ssize_t n = write(fd, data, length);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        data += n;
        length -= (size_t)n;
    }
}

// The engine could not be started: a CNI error on stdout (an installation without multi-engine is broken).
static int engine_missing(const char *path, int error) {
    char message[PATH_MAX + 256];
    int n = snprintf(message, sizeof message,
                     "{\"cniVersion\":\"1.1.0\",\"code\":999,\"msg\":\"multi: cannot run the engine %s: %s\"}\n", path,
                     strerror(error));
    write_all(1, (const unsigned char *)message, n > 0 && (size_t)n < sizeof message ? (size_t)n : 0);
    return 1;
}

// Replaces this process by multi-engine next to it, stdin restored from what was read, argv[0] kept (it names the
// personality: multi or multi-ipam). Returns only on failure.
static int run_engine(int in_process) {
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) return engine_missing("/proc/self/exe", errno);
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    char engine[PATH_MAX];
    if (slash == NULL || (size_t)(slash - self) + sizeof ENGINE_NAME + 1 > sizeof engine) return engine_missing(self, ENAMETOOLONG);
    snprintf(engine, sizeof engine, "%.*s/%s", (int)(slash - self), self, ENGINE_NAME);

    if (input_read) {
        // What the shim read is the engine's stdin: a memory file, rewound, as fd 0.
        int fd = memfd_create("multi-stdin", MFD_CLOEXEC);
        if (fd < 0) return engine_missing(engine, errno);
        size_t at = 0;
        while (at < input.length) {
            ssize_t w = write(fd, input.data + at, input.length - at);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) return engine_missing(engine, errno);
            at += (size_t)w;
        }
        if (lseek(fd, 0, SEEK_SET) != 0 || dup2(fd, 0) != 0) return engine_missing(engine, errno);
    }

    int argc = 0;
    while (saved_argv[argc] != NULL) argc++;
    char **argv = calloc((size_t)argc + 2, sizeof *argv);
    if (argv == NULL) return engine_missing(engine, ENOMEM);
    int k = 0;
    argv[k++] = argc > 0 ? saved_argv[0] : "multi";
    if (in_process) argv[k++] = IN_PROCESS_FLAG;
    for (int i = 1; i < argc; i++) argv[k++] = saved_argv[i];
    argv[k] = NULL;
    extern char **environ;
    execve(engine, argv, environ);
    return engine_missing(engine, errno);
}

// ------------------------------------------------------------------------------------------------------ plain checks

// Strict UTF-8 (no overlongs, no surrogates, at most U+10FFFF), as .NET's decoder accepts it.
static int valid_utf8(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) { i++; continue; }
        size_t extra;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) { extra = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { extra = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { extra = 3; cp = c & 0x07; }
        else return 0;
        if (n - i <= extra) return 0;
        for (size_t j = 1; j <= extra; j++) {
            if ((s[i + j] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (s[i + j] & 0x3F);
        }
        if ((extra == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return 0;
        i += extra + 1;
    }
    return 1;
}

// ------------------------------------------------------------------------------------------- the configuration's scan

// One forward pass over the document, no tree: `multi` reads the top-level daemonSocket and delegateTimeoutSeconds,
// `multi-ipam` reads ipam.daemonSocket. Anything the shim does not need to understand exactly -- an escape in a key or
// in the socket, a duplicate, a value of the wrong type, a path that is not plain printable ASCII, malformed JSON --
// makes the scan "unplain", and the engine then decides as it always has.
struct scan {
    const unsigned char *p, *end;
    enum plugin plugin;
    const char *socket;
    size_t socket_length;
    int socket_seen;
    double timeout;
    int timeout_seen;
    int unplain;
};

static void skip_space(struct scan *s) {
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')) s->p++;
}

// A string token at s->p: its raw content and whether it held an escape. 0 on malformed input.
static int read_string(struct scan *s, const unsigned char **start, size_t *length, int *escaped) {
    if (s->p >= s->end || *s->p != '"') return 0;
    s->p++;
    *start = s->p;
    *escaped = 0;
    while (s->p < s->end) {
        unsigned char c = *s->p;
        if (c == '"') {
            *length = (size_t)(s->p - *start);
            s->p++;
            return 1;
        }
        if (c < 0x20) return 0;
        if (c == '\\') {
            *escaped = 1;
            s->p++;
            if (s->p >= s->end) return 0;
            if (*s->p == 'u') {
                for (int i = 1; i <= 4; i++) {
                    if (s->p + i >= s->end) return 0;
                    unsigned char h = s->p[i];
                    if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) return 0;
                }
                s->p += 4;
            } else if (strchr("\"\\/bfnrt", *s->p) == NULL || *s->p == '\0') {
                return 0;
            }
        }
        s->p++;
    }
    return 0;
}

// A JSON number at s->p (the grammar exactly); its value when wanted.
static int read_number(struct scan *s, double *value) {
    const unsigned char *start = s->p;
    if (s->p < s->end && *s->p == '-') s->p++;
    if (s->p >= s->end) return 0;
    if (*s->p == '0') s->p++;
    else if (*s->p >= '1' && *s->p <= '9') while (s->p < s->end && *s->p >= '0' && *s->p <= '9') s->p++;
    else return 0;
    if (s->p < s->end && *s->p == '.') {
        s->p++;
        if (s->p >= s->end || *s->p < '0' || *s->p > '9') return 0;
        while (s->p < s->end && *s->p >= '0' && *s->p <= '9') s->p++;
    }
    if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
        s->p++;
        if (s->p < s->end && (*s->p == '+' || *s->p == '-')) s->p++;
        if (s->p >= s->end || *s->p < '0' || *s->p > '9') return 0;
        while (s->p < s->end && *s->p >= '0' && *s->p <= '9') s->p++;
    }
    if (value != NULL) {
        char text[64];
        size_t n = (size_t)(s->p - start);
        if (n >= sizeof text) return 0;
        memcpy(text, start, n);
        text[n] = '\0';
        *value = strtod(text, NULL);
    }
    return 1;
}

static int literal(struct scan *s, const char *word) {
    size_t n = strlen(word);
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0) return 0;
    s->p += n;
    return 1;
}

static int skip_value(struct scan *s, int depth);
static int scan_object(struct scan *s, int depth, int ipam_section);

static int skip_array(struct scan *s, int depth) {
    s->p++;
    skip_space(s);
    if (s->p < s->end && *s->p == ']') { s->p++; return 1; }
    for (;;) {
        if (!skip_value(s, depth + 1)) return 0;
        skip_space(s);
        if (s->p >= s->end) return 0;
        if (*s->p == ']') { s->p++; return 1; }
        if (*s->p != ',') return 0;
        s->p++;
    }
}

static int skip_value(struct scan *s, int depth) {
    const unsigned char *start;
    size_t length;
    int escaped;
    skip_space(s);
    if (s->p >= s->end || depth > MAX_JSON_DEPTH) return 0;
    switch (*s->p) {
    case '"': return read_string(s, &start, &length, &escaped);
    case '{': return scan_object(s, depth, -1);
    case '[': return skip_array(s, depth);
    case 't': return literal(s, "true");
    case 'f': return literal(s, "false");
    case 'n': return literal(s, "null");
    default: return read_number(s, NULL);
    }
}

static int key_is(const unsigned char *key, size_t length, const char *name) {
    return length == strlen(name) && memcmp(key, name, length) == 0;
}

// daemonSocket: null or "" unset; else a plain absolute path (printable ASCII, no escape) short enough for sun_path.
static void read_socket(struct scan *s) {
    if (s->socket_seen) s->unplain = 1;
    s->socket_seen = 1;
    if (literal(s, "null")) return;
    const unsigned char *start;
    size_t length;
    int escaped;
    if (s->p >= s->end || *s->p != '"') { s->unplain = 1; skip_value(s, 1); return; }
    if (!read_string(s, &start, &length, &escaped)) { s->unplain = 1; return; }
    if (length == 0) return;
    if (escaped || start[0] != '/' || length >= sizeof(((struct sockaddr_un *)0)->sun_path)) { s->unplain = 1; return; }
    for (size_t i = 0; i < length; i++) {
        if (start[i] < 0x20 || start[i] >= 0x7F) { s->unplain = 1; return; }
    }
    s->socket = (const char *)start;
    s->socket_length = length;
}

// delegateTimeoutSeconds: null for the default, else a number in (0, 3600].
static void read_timeout(struct scan *s) {
    if (s->timeout_seen) s->unplain = 1;
    s->timeout_seen = 1;
    if (literal(s, "null")) return;
    double value;
    if (s->p >= s->end || !((*s->p >= '0' && *s->p <= '9') || *s->p == '-') || !read_number(s, &value) || !(value > 0 && value <= MAX_DELEGATE_TIMEOUT)) {
        s->unplain = 1;
        if (s->p < s->end && *s->p != ',' && *s->p != '}') skip_value(s, 1);
        return;
    }
    s->timeout = value;
}

// The members of the object at s->p. ipam_section: 0 the root, 1 the root's ipam object, -1 any other object.
static int scan_object(struct scan *s, int depth, int ipam_section) {
    s->p++;
    skip_space(s);
    if (s->p < s->end && *s->p == '}') { s->p++; return 1; }
    int root = depth == 0;
    int multi = s->plugin == PLUGIN_MULTI;
    for (;;) {
        const unsigned char *key;
        size_t length;
        int escaped;
        skip_space(s);
        if (!read_string(s, &key, &length, &escaped)) return 0;
        skip_space(s);
        if (s->p >= s->end || *s->p != ':') return 0;
        s->p++;
        skip_space(s);
        // An escaped key might spell one of ours: only the engine's reader compares it exactly.
        if (escaped && (root || ipam_section == 1)) s->unplain = 1;
        if (((multi && root) || ipam_section == 1) && key_is(key, length, "daemonSocket")) {
            read_socket(s);
        } else if (multi && root && key_is(key, length, "delegateTimeoutSeconds")) {
            read_timeout(s);
        } else if (!multi && root && key_is(key, length, "ipam") && s->p < s->end && *s->p == '{') {
            if (!scan_object(s, depth + 1, 1)) return 0;
        } else if (!skip_value(s, depth + 1)) {
            return 0;
        }
        skip_space(s);
        if (s->p >= s->end) return 0;
        if (*s->p == '}') { s->p++; return 1; }
        if (*s->p != ',') return 0;
        s->p++;
    }
}

// The socket to forward to (NUL-terminated copy) and the wait for the answer; 0 when the engine must decide.
static int find_target(enum plugin plugin, char *socket, size_t socket_size, double *wait_seconds) {
    if (input.length > MAX_DOCUMENT_BYTES || !valid_utf8(input.data, input.length)) return 0;
    struct scan s = { .p = input.data, .end = input.data + input.length, .plugin = plugin };
    skip_space(&s);
    if (s.p >= s.end || *s.p != '{' || !scan_object(&s, 0, 0)) return 0;
    skip_space(&s);
    if (s.p != s.end || s.unplain || s.socket == NULL || s.socket_length >= socket_size) return 0;
    memcpy(socket, s.socket, s.socket_length);
    socket[s.socket_length] = '\0';
    *wait_seconds = plugin == PLUGIN_MULTI ? (s.timeout_seen && s.timeout > 0 ? s.timeout : DEFAULT_DELEGATE_TIMEOUT) + MARGIN_SECONDS
                                           : IPAM_WAIT_SECONDS;
    return 1;
}

// ------------------------------------------------------------------------------------------------- the conversation

static const char *const variable_names[6] = { "CNI_COMMAND", "CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_ARGS", "CNI_PATH" };

static void put_u32(unsigned char *at, uint32_t v) {
    at[0] = (unsigned char)v; at[1] = (unsigned char)(v >> 8); at[2] = (unsigned char)(v >> 16); at[3] = (unsigned char)(v >> 24);
}

static uint32_t get_u32(const unsigned char *at) {
    return (uint32_t)at[0] | ((uint32_t)at[1] << 8) | ((uint32_t)at[2] << 16) | ((uint32_t)at[3] << 24);
}

// The request frame; 0 (engine decides) when a variable is too long for the encoding or not valid UTF-8.
static int encode_request(enum plugin plugin, struct buffer *frame) {
    const char *values[6];
    size_t length = 4 + input.length;
    for (int i = 0; i < 6; i++) {
        const char *v = getenv(variable_names[i]);
        values[i] = v != NULL && v[0] != '\0' ? v : NULL; // empty is unset, as CniEnvironment.From reads it
        size_t n = values[i] != NULL ? strlen(values[i]) : 0;
        if (n > MAX_VARIABLE_BYTES || !valid_utf8((const unsigned char *)(values[i] ? values[i] : ""), n)) return 0;
        length += 4 + n;
    }
    frame->data = malloc(HEADER_BYTES + length);
    if (frame->data == NULL) return 0;
    frame->length = HEADER_BYTES + length;
    unsigned char *at = frame->data;
    put_u32(at, REQUEST_MAGIC);
    at[4] = PROTOCOL_VERSION & 0xFF; at[5] = PROTOCOL_VERSION >> 8; at[6] = (unsigned char)plugin; at[7] = 0;
    put_u32(at + 8, (uint32_t)length);
    at += HEADER_BYTES;
    for (int i = 0; i < 6; i++) {
        if (values[i] == NULL) { put_u32(at, 0xFFFFFFFFu); at += 4; continue; }
        size_t n = strlen(values[i]);
        put_u32(at, (uint32_t)n);
        memcpy(at + 4, values[i], n);
        at += 4 + n;
    }
    put_u32(at, (uint32_t)input.length);
    if (input.length > 0) memcpy(at + 4, input.data, input.length);
    return 1;
}

static long long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static char problem[256];

static int fail(const char *format, ...) {
    va_list args;
    va_start(args, format);
    vsnprintf(problem, sizeof problem, format, args);
    va_end(args);
    return 0;
}

static int describe(int error) {
    switch (error) {
    case ENOENT: return fail("no socket at that path");
    case ECONNREFUSED: return fail("connection refused: nobody is listening");
    case EACCES: case EPERM: return fail("permission denied");
    case ECONNRESET: case EPIPE: return fail("the daemon closed the connection");
    default: return fail("socket error errno %d", error);
    }
}

static int wait_for(int fd, short events, long long deadline) {
    for (;;) {
        long long left = deadline - now_ms();
        if (left <= 0) return 0;
        struct pollfd p = { .fd = fd, .events = events };
        int n = poll(&p, 1, left > INT_MAX ? INT_MAX : (int)left);
        if (n > 0) return 1;
        if (n == 0) return 0;
        if (errno != EINTR) return 0;
    }
}

// Fills buffer: 1 filled, 0 end-of-stream first, -1 timed out, -2 a socket error (problem set).
static int receive_exactly(int fd, unsigned char *buffer, size_t length, long long deadline) {
    size_t at = 0;
    while (at < length) {
        if (!wait_for(fd, POLLIN, deadline)) return -1;
        ssize_t n = recv(fd, buffer + at, length - at, 0);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
        if (n < 0) { describe(errno); return -2; }
        if (n == 0) return 0;
        at += (size_t)n;
    }
    return 1;
}

struct answer {
    int status;
    int exit_code;
    const unsigned char *out, *err;
    size_t out_length, err_length;
    unsigned char *body;
};

// One exchange with the daemon: 1 with an answer, 0 with `problem` set.
static int converse(const char *path, const struct buffer *request, double wait_seconds, struct answer *answer) {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return describe(errno);
    struct sockaddr_un address = { .sun_family = AF_UNIX };
    memcpy(address.sun_path, path, strlen(path) + 1);
    if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) {
        if (errno != EINPROGRESS && errno != EAGAIN) { int e = errno; close(fd); return describe(e); }
        int pending = 0;
        socklen_t size = sizeof pending;
        if (!wait_for(fd, POLLOUT, now_ms() + CONNECT_BOUND_MS) || getsockopt(fd, SOL_SOCKET, SO_ERROR, &pending, &size) != 0 || pending != 0) {
            close(fd);
            return fail("no connection within 1 s (the daemon's backlog is full)");
        }
    }

    long long deadline = now_ms() + (long long)(wait_seconds * 1000);
    int result = 0;
    for (size_t sent = 0; sent < request->length;) {
        ssize_t n = send(fd, request->data + sent, request->length - sent, MSG_NOSIGNAL);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            if (!wait_for(fd, POLLOUT, deadline)) goto timed_out;
            continue;
        }
        if (n < 0) { describe(errno); goto done; }
        sent += (size_t)n;
    }

    unsigned char header[HEADER_BYTES];
    int got = receive_exactly(fd, header, sizeof header, deadline);
    if (got == 0) { fail("the daemon closed the connection without answering"); goto done; }
    if (got == -1) goto timed_out;
    if (got < 0) goto done;
    uint32_t magic = get_u32(header);
    unsigned version = header[4] | (header[5] << 8);
    int32_t body_length = (int32_t)get_u32(header + 8);
    if (magic != RESPONSE_MAGIC) { fail("the answer is not a multi daemon answer (bad magic)"); goto done; }
    if (version != PROTOCOL_VERSION) { fail("the daemon speaks protocol version %u, this shim %d", version, PROTOCOL_VERSION); goto done; }
    if (body_length < 0 || body_length > MAX_RESPONSE_BODY) { fail("the answer's body of %d bytes is out of bounds", body_length); goto done; }

    unsigned char *body = malloc((size_t)body_length + 1);
    if (body == NULL) { fail("the daemon's answer is malformed"); goto done; }
    got = receive_exactly(fd, body, (size_t)body_length, deadline);
    if (got == 0) { fail("the daemon closed the connection in the middle of its answer"); goto done; }
    if (got == -1) goto timed_out;
    if (got < 0) goto done;

    // exit code (i32), stdout and stderr (each i32 length, -1 for none, and bytes), nothing after.
    size_t at = 4, n = (size_t)body_length;
    const unsigned char *parts[2] = { NULL, NULL };
    size_t lengths[2] = { 0, 0 };
    for (int i = 0; i < 2; i++) {
        if (n < at + 4) { fail("the daemon's answer is malformed"); goto done; }
        int32_t length = (int32_t)get_u32(body + at);
        at += 4;
        if (length == -1) continue;
        if (length < 0 || (size_t)length > n - at) { fail("the daemon's answer is malformed"); goto done; }
        parts[i] = body + at;
        lengths[i] = (size_t)length;
        at += (size_t)length;
    }
    if (n < 12 || at != n) { fail("the daemon's answer is malformed"); goto done; }
    answer->status = header[7];
    answer->exit_code = (int32_t)get_u32(body);
    answer->out = parts[0];
    answer->out_length = lengths[0];
    answer->err = parts[1];
    answer->err_length = lengths[1];
    answer->body = body;
    result = 1;
    goto done;

timed_out:
    fail("no answer within %.15g s", wait_seconds);
done:
    close(fd);
    return result;
}

// ----------------------------------------------------------------------------------------------------------- main

static enum plugin personality(const char *argv0) {
    const char *name = argv0 != NULL && strrchr(argv0, '/') != NULL ? strrchr(argv0, '/') + 1 : argv0;
    if (name != NULL && strcmp(name, "multi-ipam") == 0) return PLUGIN_IPAM;
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        const char *base = strrchr(self, '/') != NULL ? strrchr(self, '/') + 1 : self;
        if (strcmp(base, "multi-ipam") == 0) return PLUGIN_IPAM;
    }
    return PLUGIN_MULTI;
}

// Up to one byte past the document bound (enough for the engine to refuse it); 0 on a read error.
static int read_stdin(void) {
    size_t capacity = 16 * 1024;
    input.data = malloc(capacity);
    if (input.data == NULL) return 0;
    for (;;) {
        if (input.length == capacity) {
            if (capacity > MAX_DOCUMENT_BYTES) break;
            capacity = capacity * 4 > MAX_DOCUMENT_BYTES + 1 ? MAX_DOCUMENT_BYTES + 1 : capacity * 4;
            unsigned char *grown = realloc(input.data, capacity);
            if (grown == NULL) return 0;
            input.data = grown;
        }
        ssize_t n = read(0, input.data + input.length, capacity - input.length);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return 0;
        if (n == 0) break;
        input.length += (size_t)n;
    }
    return 1;
}

int main(int argc, char **argv) {
    saved_argv = argv;
    const char *command = getenv("CNI_COMMAND");
    // Arguments (multi-ipam init-journal), VERSION or no command: the engine's, stdin untouched.
    if (argc > 1 || command == NULL || strcmp(command, "VERSION") == 0) return run_engine(0);
    if (!read_stdin()) {
        // What was read is lost to the engine as well: the error the engine gives for the same failure (CNI code 5).
        static const char error[] = "{\"cniVersion\":\"1.1.0\",\"code\":5,\"msg\":\"cannot read stdin\"}\n";
        write_all(1, (const unsigned char *)error, sizeof error - 1);
        return 1;
    }
    input_read = 1;

    enum plugin plugin = personality(argc > 0 ? argv[0] : NULL);
    char socket_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
    double wait_seconds;
    struct buffer request = { 0 };
    if (!find_target(plugin, socket_path, sizeof socket_path, &wait_seconds) || !encode_request(plugin, &request)) return run_engine(0);

    struct answer answer = { 0 };
    if (converse(socket_path, &request, wait_seconds, &answer)) {
        if (answer.status == ANSWERED || answer.status == REFUSED) {
            write_all(1, answer.out, answer.out_length);
            write_all(2, answer.err, answer.err_length);
            return answer.exit_code;
        }
        if (answer.status == VERSION_MISMATCH) fail("the daemon speaks another protocol version");
        else if (answer.status == UNAVAILABLE) fail("the daemon is busy or shutting down");
        else fail("unknown answer status %d", answer.status);
    }

    char line[512];
    int n = snprintf(line, sizeof line, "multi: daemon %s not used (%s); running in-process\n", socket_path, problem);
    write_all(2, (const unsigned char *)line, n > 0 && (size_t)n < sizeof line ? (size_t)n : 0);
    return run_engine(1);
}
