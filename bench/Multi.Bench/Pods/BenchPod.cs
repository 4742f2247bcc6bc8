using System.Security.Cryptography;
using System.Text;
using Multi.Sandbox.Host;

namespace Multi.Bench.Pods;

/// <summary>One pod of the run: its network namespace and the identity a runtime would pass for it.</summary>
internal sealed record BenchPod(int Index, NetworkNamespace Namespace)
{
    public string Name => $"bench-pod-{Index}";

    /// <summary>A container ID per path (64 hex digits, as containerd makes them) so the two paths never share state.</summary>
    public string ContainerId(string path) => Hex($"{Name}/{path}");

    /// <summary>The <c>CNI_ARGS</c> containerd passes for a Kubernetes pod.</summary>
    public string RuntimeArgs(string containerId) =>
        $"IgnoreUnknown=1;K8S_POD_NAMESPACE=bench;K8S_POD_NAME={Name};K8S_POD_INFRA_CONTAINER_ID={containerId};K8S_POD_UID={Uid}";

    private string Uid => new Guid(MD5.HashData(Encoding.UTF8.GetBytes(Name))).ToString();

    private static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
