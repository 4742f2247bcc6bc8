namespace Multi.Cni.Devices;

/// <summary>The pod whose devices are looked up: PodResources matches namespace and name, the checkpoint the UID.</summary>
internal sealed record DevicePod(string Namespace, string Name, string Uid)
{
    public string QualifiedName => $"{Namespace}/{Name}";
}
