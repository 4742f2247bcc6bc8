namespace Multi.Sandbox.Local;

/// <summary>A pod the sandbox attached: its API identity, the container ID its CNI calls used and its node (null: node 0).</summary>
internal sealed record SandboxPod(string Namespace, string Name, string Uid, string ContainerId, string? Node = null)
{
    /// <summary>CNI_ARGS as a kubelet's runtime (containerd, CRI-O) passes them.</summary>
    public string CniArgs =>
        $"IgnoreUnknown=1;K8S_POD_NAMESPACE={Namespace};K8S_POD_NAME={Name};K8S_POD_INFRA_CONTAINER_ID={ContainerId};K8S_POD_UID={Uid}";

    public string Display => $"{Namespace}/{Name}";
}
