// The floor of any per-call CNI binary on this machine: a static C program that answers VERSION with a constant and
// exits. bench/run.sh builds it and the meta-plugin bench times it exactly as it times `multi` and `bridge`; a pod through
// the daemon pays for two shim starts (ADD and DEL), so twice its median is what no shim can go below.
#include <unistd.h>

int main(void) {
    static const char answer[] = "{\"cniVersion\":\"1.0.0\",\"supportedVersions\":[\"0.3.1\",\"0.4.0\",\"1.0.0\",\"1.1.0\"]}";
    return write(1, answer, sizeof answer - 1) == (ssize_t)(sizeof answer - 1) ? 0 : 1;
}
